import { describe, expect, it } from "vitest";
import { classifyValue, isCardNumber, isIban, maskSensitive, scanBody, scanPath, SensitiveFindings } from "./sensitive";

const codes = (fn: (f: SensitiveFindings) => unknown) => {
  const f = new SensitiveFindings();
  fn(f);
  return f.list();
};

describe("classifyValue: values that are sensitive", () => {
  it.each([
    ["jane.doe+news@example.co.uk", undefined, "email"],
    ["4242424242424242", undefined, "card"],
    ["4111 1111 1111 1111", undefined, "card"],
    ["5555-5555-5555-4444", undefined, "card"],
    ["378282246310005", undefined, "card"],
    ["6011111111111117", undefined, "card"],
    ["DE89370400440532013000", undefined, "iban"],
    ["GB82WEST12345698765432", undefined, "iban"],
    ["078-05-1120", undefined, "ssn"],
    ["123456789", "ssn", "ssn"],
    ["+14155552671", undefined, "phone"],
    ["(415) 555-2671", "phone", "phone"],
    ["020 7946 0958", "mobile_number", "phone"],
    ["1984-03-07", "dob", "dob"],
    ["07/03/1984", "date_of_birth", "dob"],
    ["203.0.113.9", undefined, "ip"],
    ["2001:db8::8a2e:370:7334", undefined, "ip"],
    ["10.1.2.3", "client_ip", "ip"],
    ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", undefined, "jwt"],
    ["sk_live_51Hh2kLmNoPqRsTuVwXyZ", undefined, "api_key"],
    ["AKIAIOSFODNN7EXAMPLE", undefined, "api_key"],
    ["b1946ac92492d2347c6235b4d2611184", "api_key", "api_key"],
    ["hunter2!", "password", "password"],
    ["9f8e7d6c5b4a", "PHPSESSID", "session_id"],
    ["Zx81kQm2Lp0vRt7sYw4nBc9dHf6", "token", "api_key"],
  ])("%s (%s) is %s", (value, name, type) => {
    expect(classifyValue(value, name)).toBe(type);
  });
});

describe("classifyValue: look-alikes that are not", () => {
  it.each([
    ["4242424242424241", undefined, "a 16-digit number failing Luhn"],
    ["1234567812345670", undefined, "Luhn-valid but no card network starts with 1"],
    ["1490837584920384731", undefined, "a snowflake id"],
    ["0000000000000000", undefined, "zeros"],
    ["DE89370400440532013001", undefined, "an IBAN with a wrong check"],
    ["ABCD1234567890123", undefined, "an upper-case code"],
    ["000-12-3456", undefined, "area 000"],
    ["666-12-3456", undefined, "area 666"],
    ["123456789", undefined, "nine digits without a name saying SSN"],
    ["4155552671", undefined, "ten digits without a name saying phone"],
    ["2024-01-15", "created_at", "a date that is not a birth date"],
    ["2024-01-15", undefined, "a bare date"],
    ["1.2.3", undefined, "a version"],
    ["01.02.03.04", undefined, "a dotted code with leading zeros"],
    ["12:30:00", undefined, "a time"],
    ["user@localhost", undefined, "an address without a domain"],
    ["@handle", undefined, "a mention"],
    ["theme.dark", "key", "a settings key named key"],
    ["next", "token", "a word named token"],
    ["550e8400-e29b-41d4-a716-446655440000", undefined, "a UUID"],
    ["d41d8cd98f00b204e9800998ecf8427e", undefined, "an MD5 hash"],
    ["20", "limit", "a page size"],
    ["+1", undefined, "a plus sign and one digit"],
  ])("%s (%s): %s", (value, name, _why) => {
    expect(classifyValue(value, name)).toBeNull();
  });
});

describe("checks", () => {
  it("Luhn and IBAN mod-97", () => {
    expect(isCardNumber("4012888888881881")).toBe(true);
    expect(isCardNumber("4012888888881882")).toBe(false);
    expect(isIban("FR1420041010050500013M02606")).toBe(true);
    expect(isIban("FR1420041010050500013M02607")).toBe(false);
    expect(isIban("NL91ABNA041716430")).toBe(false); // one character short for NL
  });
  it("masks keep enough to recognise, never the whole", () => {
    expect(maskSensitive("card", "4242 4242 4242 4242")).toBe("424242******4242");
    expect(maskSensitive("email", "jane.doe@example.com")).toBe("j***@example.com");
    expect(maskSensitive("ssn", "078-05-1120")).toBe("***-**-1120");
    expect(maskSensitive("iban", "DE89370400440532013000")).toBe("DE89…3000");
  });
});

describe("scanPath", () => {
  it("finds emails, cards and keys in segments, masks financial ones, and ignores ids", () => {
    const f = new SensitiveFindings();
    expect(scanPath("/v1/users/by-email/jane%40example.com/orders/100233", f)).toBeNull();
    expect(f.list()).toEqual(["email:path"]);
    const g = new SensitiveFindings();
    expect(scanPath("/cards/4242424242424242/charges", g)).toBe("/cards/424242******4242/charges");
    expect(g.list()).toEqual(["card:path"]);
    expect(codes((h) => scanPath("/hooks/sk_live_51Hh2kLmNoPqRsTuVwXyZ/ping", h))).toEqual(["api_key:path"]);
    expect(codes((h) => scanPath("/geo/203.0.113.9", h))).toEqual(["ip:path"]);
    // A word after /password/ is a page, not a password.
    expect(codes((h) => scanPath("/account/password/reset", h))).toEqual([]);
    expect(codes((h) => scanPath("/orders/1234567/items/8f14e45fceea167a5a36dedd4bea2543", h))).toEqual([]);
    expect(codes((h) => scanPath("/static/app.3f9a1c2b.js", h))).toEqual([]);
  });
});

describe("scanBody", () => {
  it("walks JSON with key names, form fields and plain text", () => {
    const json = JSON.stringify({
      customer: { email: "ann@example.org", phone: "+44 20 7946 0958", dob: "1990-12-01" },
      card: { number: "4111111111111111", cvc: "123" },
      id: 4421,
    });
    expect(codes((f) => scanBody(json, "request_body", f)).sort()).toEqual([
      "card:request_body",
      "dob:request_body",
      "email:request_body",
      "phone:request_body",
    ]);
    expect(codes((f) => scanBody("username=ann&password=s3cret%21&remember=1", "request_body", f))).toEqual([
      "password:request_body",
    ]);
    expect(
      codes((f) =>
        scanBody("Dear customer, your IBAN GB82WEST12345698765432 is on file (ref 2024-001).", "response_body", f),
      ),
    ).toEqual(["iban:response_body"]);
    expect(
      codes((f) =>
        scanBody(
          JSON.stringify({ items: [{ id: 1, name: "Widget", price: 9.99, sku: "WID-0001", updated: "2024-05-01" }] }),
          "response_body",
          f,
        ),
      ),
    ).toEqual([]);
  });
});
