import { describe, expect, it } from "vitest";
import { GuessTally, MIN_GUESSES, requestShape } from "./guesses";

describe("a scanner's guesses", () => {
  it("shapes a request by its words, its ids made {}", () => {
    expect(requestShape("GET", "/v1/orders/100007/items")).toBe("GET/v1/orders/{}/items");
    expect(requestShape("GET", "/v1/orders/ch_3Kx9a8Zq")).toBe("GET/v1/orders/{}");
    expect(requestShape("POST", "/wp-login.php")).toBe("POST/wp-login.php");
    expect(requestShape("GET", "/v2/purchase-orders/po_zuygyqqfwfjz")).toBe("GET/v2/purchase-orders/{}");
    // An attacker's endless path is kept short.
    expect(requestShape("GET", `/${"a/".repeat(50_000)}`)).toHaveLength(256);
  });

  it("names the actor that alone tried many shapes once, not one alone on a few shapes used often", () => {
    const tally = new GuessTally();
    for (let i = 0; i < MIN_GUESSES; i++)
      tally.add("ip:203.0.113.9", "GET", `/word${String.fromCharCode(97 + i)}`, i === 3 ? 1_520 : undefined);
    // A partner alone on its API: many ids, few shapes.
    for (let i = 0; i < 500; i++) tally.add("key:acme", "GET", `/partner/charges/${1000 + i}`, 300);
    // Ids made only of letters are ids too.
    const letters = (i: number) =>
      Array.from({ length: 12 }, (_, k) => "bcdfghjklmnpqrstvwxz"[(i * 7 + k * 13) % 20]).join("");
    for (let i = 0; i < 100; i++) tally.add("key:acme", "GET", `/v1/purchase-orders/po_${letters(i)}`, 300);
    // An admin alone on a dozen pages, once each: fewer than a word list.
    for (let i = 0; i < MIN_GUESSES - 1; i++)
      tally.add("user:root", "GET", `/admin/page${String.fromCharCode(97 + i)}`, 300);
    const { actors, answered } = tally.guessers();
    expect([...actors]).toEqual(["ip:203.0.113.9"]);
    // One of its guesses was answered: the part is read again with it known.
    expect(answered).toBe(true);
  });

  it("does not count shapes others call too, or that a log without identities may share", () => {
    const tally = new GuessTally();
    for (let i = 0; i < MIN_GUESSES; i++) {
      const path = `/word${String.fromCharCode(97 + i)}`;
      tally.add("ip:203.0.113.9", "GET", path, 1_520);
      tally.add(i % 2 ? "user:alice" : null, "GET", path, 1_520);
    }
    expect(tally.guessers()).toEqual({ actors: new Set(), answered: false });
  });

  it("says when none of the guesses was answered: they were misses already, and nothing is read again", () => {
    const tally = new GuessTally();
    for (let i = 0; i < MIN_GUESSES; i++)
      tally.add("ip:203.0.113.9", "GET", `/word${String.fromCharCode(97 + i)}`, undefined);
    expect(tally.guessers()).toEqual({ actors: new Set(["ip:203.0.113.9"]), answered: false });
  });

  it("tells a catch-all's one page from a crawler's pages of every size, and says nothing where sizes are not logged", () => {
    const word = (i: number) => `/${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`;
    const tally = new GuessTally();
    // A scanner answered by an app's index page (its size varies a little: it echoes the path).
    for (let i = 0; i < 40; i++) tally.add("ip:203.0.113.9", "GET", `/scan${word(i)}`, 2_048 + (i % 7));
    // A search engine's crawler alone on old posts: each a page of its own size.
    for (let i = 0; i < 40; i++) tally.add("ip:66.249.73.135", "GET", `/blog${word(i)}.html`, 3_000 + 997 * i);
    // A log without sizes: a catch-all cannot be told from a crawler, so neither is taken for one.
    for (let i = 0; i < 40; i++) tally.add("ip:198.51.100.4", "GET", `/docs${word(i)}`, null);
    expect(tally.guessers()).toEqual({ actors: new Set(["ip:203.0.113.9"]), answered: true });
  });
});
