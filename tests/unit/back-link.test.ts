import { describe, expect, it } from "vitest";
import { backLink, sessionHeading, withBack } from "../../lib/back-link";

describe("the replay's and the transcript's way back", () => {
  it("names the page the reader came from", () => {
    expect(backLink("/agent")).toEqual({ href: "/agent", label: "Agent console" });
    expect(backLink("/manager")).toEqual({ href: "/manager", label: "Live monitor" });
    expect(backLink("/dashboard")).toEqual({ href: "/dashboard", label: "Dashboard" });
    expect(backLink("/s/abc?back=%2Fmanager")).toEqual({ href: "/s/abc?back=%2Fmanager", label: "Transcript" });
    expect(backLink("/agents-of-chaos")).toEqual({ href: "/agents-of-chaos", label: "Back" });
  });

  it("never leaves the site, and falls back when nothing (or junk) is given", () => {
    expect(backLink("https://evil.example/")).toEqual({ href: "/app", label: "Back" });
    expect(backLink("//evil.example")).toEqual({ href: "/app", label: "Back" });
    expect(backLink(undefined, "/agent")).toEqual({ href: "/agent", label: "Agent console" });
    expect(backLink(["/manager", "/agent"])).toEqual({ href: "/manager", label: "Live monitor" });
  });

  it("builds links that carry it", () => {
    expect(withBack("/s/x/replay", "/s/x?back=%2Fagent")).toBe("/s/x/replay?back=%2Fs%2Fx%3Fback%3D%252Fagent");
    expect(backLink(new URLSearchParams(withBack("/s/x/replay", "/s/x?back=%2Fagent").split("?")[1]).get("back")).href).toBe(
      "/s/x?back=%2Fagent",
    );
  });

  it("drops the UTC start stamp of older titles, so every time on the page has one format", () => {
    expect(sessionHeading("Demo Co · 2026-12-04 19:30 UTC")).toBe("Demo Co");
    expect(sessionHeading("Demo Co with Ada Agent")).toBe("Demo Co with Ada Agent");
  });
});
