import { describe, expect, it } from "vitest";
import { GuessTally, MIN_GUESSES, requestShape } from "./guesses";

describe("a scanner's guesses", () => {
  it("shapes a request by its words, its ids made {}", () => {
    expect(requestShape("GET", "/v1/orders/100007/items")).toBe("GET/v1/orders/{}/items");
    expect(requestShape("GET", "/v1/orders/ch_3Kx9a8Zq")).toBe("GET/v1/orders/{}");
    expect(requestShape("POST", "/wp-login.php")).toBe("POST/wp-login.php");
  });

  it("names the actor that alone tried many shapes once, not one alone on a few shapes used often", () => {
    const tally = new GuessTally();
    for (let i = 0; i < MIN_GUESSES; i++) tally.add("ip:203.0.113.9", "GET", `/word${String.fromCharCode(97 + i)}`);
    // A partner alone on its API: many ids, few shapes.
    for (let i = 0; i < 500; i++) tally.add("key:acme", "GET", `/partner/charges/${1000 + i}`);
    // An admin alone on a dozen pages, once each: fewer than a word list.
    for (let i = 0; i < MIN_GUESSES - 1; i++)
      tally.add("user:root", "GET", `/admin/page${String.fromCharCode(97 + i)}`);
    expect([...tally.guessers()]).toEqual(["ip:203.0.113.9"]);
  });

  it("does not count shapes others call too, or that a log without identities may share", () => {
    const tally = new GuessTally();
    for (let i = 0; i < MIN_GUESSES; i++) {
      const path = `/word${String.fromCharCode(97 + i)}`;
      tally.add("ip:203.0.113.9", "GET", path);
      tally.add(i % 2 ? "user:alice" : null, "GET", path);
    }
    expect(tally.guessers().size).toBe(0);
  });
});
