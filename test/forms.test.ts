import { describe, expect, it } from "vitest";
import { hiddenFields, multipart, multipartType } from "./forms";

const page = `<form action="/search"><input type="hidden" name="q" value="x"/></form>
<form class="space-y-5" action="" encType="multipart/form-data" method="POST"><input type="hidden" name="$ACTION_REF_1"/><input type="hidden" name="$ACTION_1:0" value="{&quot;id&quot;:&quot;60dd&quot;,&quot;bound&quot;:&quot;$@1&quot;}"/><input type="hidden" name="$ACTION_KEY" value="k357"/><input id="selfCareId" name="selfCareId"/></form>`;

describe("posting forms like a browser without JavaScript", () => {
  it("reads the hidden action fields of the form that holds the named field", () => {
    expect(hiddenFields(page, "selfCareId")).toEqual({
      $ACTION_REF_1: "",
      "$ACTION_1:0": '{"id":"60dd","bound":"$@1"}',
      $ACTION_KEY: "k357",
    });
  });

  it("fails loudly when the page has no such form", () => {
    expect(() => hiddenFields(page, "code")).toThrow(/code/);
  });

  it("encodes fields as multipart/form-data that the platform parser reads back", async () => {
    const body = multipart({ selfCareId: "demo0001", note: "日本語" });
    const form = await new Response(new Uint8Array(body), { headers: { "content-type": multipartType } }).formData();
    expect(Object.fromEntries(form)).toEqual({ selfCareId: "demo0001", note: "日本語" });
  });
});
