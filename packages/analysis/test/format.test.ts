import { describe, expect, it } from "vitest";
import { capitalized } from "../src/sinks/format.js";

describe("capitalized (the `has{{Secret}}` of a suggestion)", () => {
  it("capitalises a field name, the last property of a Json path, and the words of a key-value key", () => {
    expect(capitalized("smtpPassword")).toBe("SmtpPassword");
    expect(capitalized("data.oauth.clientSecret")).toBe("ClientSecret");
    expect(capitalized("STRIPE_SECRET_KEY")).toBe("StripeSecretKey");
    expect(capitalized("google-client-secret")).toBe("GoogleClientSecret");
    expect(capitalized("JWT")).toBe("Jwt");
    expect(capitalized("apiKey2")).toBe("ApiKey2");
  });
});
