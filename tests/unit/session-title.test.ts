// The session's title names the business and whom the reader talks to, never a timestamp (issue 12, item 16).
import { describe, expect, it } from "vitest";
import { sessionTitle } from "../../components/viewer/session-title";

const agent = { id: "a", role: "AGENT", displayName: "Ben Agent", present: true };
const visitor = { id: "v", role: "VISITOR", displayName: "Grace", present: true };
const monitor = { id: "m", role: "MONITOR", displayName: "Max Manager", present: true };

describe("sessionTitle", () => {
  it("names the agent to the visitor and the visitor to the agent, never unseen staff or people who left", () => {
    expect(sessionTitle("Demo Co", [agent, visitor, monitor], "v")).toBe("Demo Co · with Ben Agent");
    expect(sessionTitle("Demo Co", [agent, visitor, monitor], "a")).toBe("Demo Co · with Grace");
    expect(sessionTitle("Demo Co", [{ ...agent, present: false }, visitor], "v")).toBe("Demo Co");
  });

  it("puts staff first and shortens a crowd", () => {
    const second = { id: "b", role: "AGENT", displayName: "Ada Agent", present: true };
    const guests = ["Ann", "Bob", "Cy"].map((n) => ({ id: n, role: "ATTENDEE", displayName: n, present: true }));
    expect(sessionTitle("Demo Co", [visitor, agent, second], "m")).toBe("Demo Co · with Ben Agent, Ada Agent, and Grace");
    expect(sessionTitle("Demo Co", [...guests, agent, second], "m")).toBe("Demo Co · with Ben Agent, Ada Agent, and 3 others");
  });
});
