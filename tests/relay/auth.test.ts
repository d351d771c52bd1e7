// The worked examples of Pusher's "Authentication and authorization signatures" and "HTTP API
// reference" pages, checked against the relay's verifiers (independently of the SDK).
import { describe, expect, it } from "vitest";
import { verifyApiRequest, verifyChannelAuth } from "../../relay/auth";

const app = { id: "3", key: "278d425bdf160c739803", secret: "7ad3773142a6692b25b8" };

describe("signatures from Pusher's documentation", () => {
  it("private channel: HMAC of socket_id:channel", () => {
    const auth = `${app.key}:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4`;
    expect(verifyChannelAuth(app, "1234.1234", "private-foobar", auth, undefined)).toBe(true);
    expect(verifyChannelAuth(app, "1234.1235", "private-foobar", auth, undefined)).toBe(false);
    expect(verifyChannelAuth(app, "1234.1234", "private-foobar", `other:${auth.split(":")[1]}`, undefined)).toBe(false);
  });

  it("presence channel: HMAC of socket_id:channel:channel_data", () => {
    const channelData = '{"user_id":10,"user_info":{"name":"Mr. Channels"}}';
    const auth = `${app.key}:31935e7d86dba64c2a90aed31fdc61869f9b22ba9d8863bba239c03ca481bc80`;
    expect(verifyChannelAuth(app, "1234.1234", "presence-foobar", auth, channelData)).toBe(true);
    expect(verifyChannelAuth(app, "1234.1234", "presence-foobar", auth, channelData.replace("10", "11"))).toBe(false);
  });

  it("HTTP API: POST /apps/3/events", () => {
    const body = Buffer.from('{"name":"foo","channels":["project-3"],"data":"{\\"some\\":\\"data\\"}"}');
    const query = new URLSearchParams(
      "auth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0&body_md5=ec365a775a4cd0599faeb73354201b6f" +
        "&auth_signature=da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c",
    );
    expect(verifyApiRequest(app, "POST", "/apps/3/events", query, body, 1353088179)).toEqual({ ok: true });
    expect(verifyApiRequest(app, "POST", "/apps/3/events", query, body, 1353088179 + 601)).toMatchObject({ ok: false });
    expect(verifyApiRequest(app, "POST", "/apps/4/events", query, body, 1353088179)).toMatchObject({ ok: false });
    expect(verifyApiRequest(app, "POST", "/apps/3/events", query, Buffer.from("{}"), 1353088179)).toMatchObject({ ok: false });
  });
});
