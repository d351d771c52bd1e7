// The leader's marks and pop-ups (issue 17, parts 3 and 4). Any surface that shows the shared page
// draws the marks through `useSharedPageMarks(s).overlay(geom, surface)`: the large view's frame
// ("frame") and the co-browse mirror's `overlay` prop ("cobrowse"), whose MirrorGeometry is an
// OverlayGeometry (add its page `url` so marks can be placed and matched).
export { useSharedPageMarks, type Tool } from "./use-marks";
export { usePopupOffer, tryOpenWindow, type PopupOffer } from "./use-popups";
export { MarksOverlay } from "./overlay";
export type { OverlayGeometry } from "./geometry";
