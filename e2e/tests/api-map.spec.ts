// The API map as people use it: simulated traffic drawn as client groups →
// services → endpoints, its legend read against the colours drawn, lines as
// wide as their traffic, a hovered client's lines brought forward, filtered,
// clicked through; and a 500-endpoint workspace that opens as an overview of
// folded services and stays readable when every one is open. Screenshots are attached to the report and
// kept under e2e/test-results.
import { expect, test, type Page } from "@playwright/test";
import { SIM_FORMATS } from "@lantern/simulator/formats";
import { simulate, type SimRequest } from "@lantern/simulator/generate";
import { signUpInUi, uniqueEmail, uploadNginxLog } from "./helpers";

const mapReady = async (page: Page, summary: string | RegExp, node = ".react-flow__node-endpoint") => {
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("map-summary")).toContainText(summary, { timeout: 3_000 });
  }).toPass({ timeout: 40_000 });
  await expect(page.locator(node).first()).toBeVisible();
};

/** Colours as the browser computed them: what a person sees, not what the code meant. */
const colourOf = (page: Page, selector: string, property: "backgroundColor" | "borderLeftColor") =>
  page
    .locator(selector)
    .first()
    .evaluate((el, p) => getComputedStyle(el)[p], property);

// A crash in the map's client code shows only as a missing node: report the browser's errors too.
const pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors.length = 0;
  page.on("pageerror", (error) => pageErrors.push(error.message));
});
test.afterEach(() => {
  expect(pageErrors).toEqual([]);
});

test("the API map draws who calls which service and endpoint, marks risky endpoints and clicks through", async ({
  page,
}, testInfo) => {
  const slug = await signUpInUi(page, { name: "Mia Map", email: uniqueEmail("mia"), workspace: "Map Co" });
  // The map is open, still empty, while the first log goes in from another tab: it lights up without a reload.
  await page.goto(`/w/${slug}/api-map`);
  await expect(page.getByRole("heading", { name: "No traffic to draw yet" })).toBeVisible();
  const requests = [
    ...simulate({ start: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 86_400_000), days: 1, seed: 9 }),
  ];
  const uploader = await page.context().newPage();
  await uploadNginxLog(uploader, slug, `${requests.map(SIM_FORMATS.nginx).join("\n")}\n`, "northwind-edge");
  await uploader.close();
  const truth = new Set(requests.map((r) => `${r.method} ${r.host}${r.endpoint}`));

  await expect(page.getByLabel("Time range")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("map-summary")).toContainText(/[1-9]\d* endpoints/);
  await page.getByLabel("Time range").selectOption("all");
  await mapReady(page, `3 services → ${truth.size} endpoints`);
  // Every endpoint, service and client group is a node; every client → service pair a line.
  await expect(page.locator(".react-flow__node-endpoint")).toHaveCount(truth.size);
  await expect(page.locator(".react-flow__node-service")).toHaveCount(3);
  const summary = (await page.getByTestId("map-summary").textContent())!;
  const [clients, lines] = [Number(/(\d+) client groups/.exec(summary)![1]), Number(/(\d+) lines/.exec(summary)![1])];
  // 12 partner keys, the mobile app's users, two internal services, anonymous callers by country.
  expect(clients).toBeGreaterThanOrEqual(16);
  await expect(page.locator(".react-flow__node-client")).toHaveCount(clients);
  await expect(page.locator(".react-flow__edge")).toHaveCount(lines);
  await expect(page.locator(".react-flow__node-client").filter({ hasText: "payments-worker" })).toContainText(
    "internal",
  );
  // Marks: /v1/products answers without credentials; refunds carry customer emails.
  await expect(page.locator(".react-flow__node-endpoint").filter({ hasText: "/v1/products" })).toContainText("unauth");
  await expect(page.locator(".react-flow__node-endpoint").filter({ hasText: "/partner/v2/refunds" })).toContainText(
    "email",
  );
  // The legend says what the colours drawn mean: each endpoint tone on the map has the legend's colour.
  const tones = await page
    .locator(".map-endpoint[data-tone]")
    .evaluateAll((els) => [...new Set(els.map((el) => el.getAttribute("data-tone")!))]);
  expect(tones).toEqual(expect.arrayContaining(["exposed", "plain"]));
  for (const tone of tones)
    expect(await colourOf(page, `.map-endpoint[data-tone="${tone}"]`, "borderLeftColor")).toBe(
      await colourOf(page, `[data-legend-tone="${tone}"] .legend-swatch`, "backgroundColor"),
    );
  expect(await colourOf(page, '.map-client[data-kind="internal"]', "borderLeftColor")).toBe(
    await colourOf(page, '[data-legend-kind="internal"] .legend-line', "borderLeftColor"),
  );
  // Line width is traffic: the busiest line is several times the quietest.
  const widths = await page
    .locator(".react-flow__edge-path")
    .evaluateAll((els) => els.map((el) => Number.parseFloat(getComputedStyle(el).strokeWidth)));
  expect(Math.max(...widths)).toBeGreaterThan(4 * Math.min(...widths));
  // Hovering a client group brings its lines forward and fades the others.
  // (When zoomed out its name lies over it: the mouse goes to the same place either way.)
  await page.locator(".react-flow__node-client").filter({ hasText: "payments-worker" }).hover({ force: true });
  await expect(page.locator(".react-flow__edge.map-edge-hovered")).not.toHaveCount(0);
  const faded = await page
    .locator(".react-flow__edge:not(.map-edge-hovered) .react-flow__edge-path")
    .evaluateAll((els) => els.map((el) => Number(getComputedStyle(el).opacity)));
  expect(Math.max(...faded)).toBeLessThan(0.2);
  await page.mouse.move(0, 0);
  await testInfo.attach("api-map", {
    body: await page.getByTestId("api-map").screenshot({ path: testInfo.outputPath("api-map.png") }),
    contentType: "image/png",
  });

  // Filter by service: only its endpoints and its callers remain.
  await page.getByLabel("Service").selectOption({ label: "ledger.internal" });
  await expect(page.getByTestId("map-summary")).toContainText("2 client groups → 1 services → 2 endpoints, 2 lines");
  await expect(page.locator(".react-flow__node-endpoint")).toHaveCount(2);
  // Its callers are internal: east-west lines, dashed.
  await expect(page.locator(".react-flow__edge-path[style*='stroke-dasharray']")).toHaveCount(2);

  // Click through to the endpoint.
  await page.locator(".react-flow__node-endpoint").filter({ hasText: "/internal/ledger/entries" }).click();
  await expect(page.getByRole("heading", { name: "POST /internal/ledger/entries" })).toBeVisible();
  await expect(page.getByTestId("traffic-chart").locator(".recharts-area").first()).toBeVisible();

  // The overview counts what the inventory holds and links to it, filtered.
  await page.goto(`/w/${slug}`);
  const figures = page.getByTestId("overview-figures");
  await expect(figures.getByTestId("overview-tile").filter({ hasText: "endpoints" }).first()).toContainText(
    String(truth.size),
  );
  await expect(figures.getByTestId("overview-tile").filter({ hasText: "services" })).toContainText("3");
  await expect(page.getByTestId("overview-traffic-chart").locator(".recharts-area").first()).toBeVisible();
  await figures.getByTestId("overview-tile").filter({ hasText: "carrying sensitive data" }).click();
  await expect(page.getByLabel("Sensitive data")).toHaveValue("any");
  await expect(page.getByTestId("inventory-figures")).toContainText("2 endpoints match");
});

const TOPS = ["accounts", "orders", "invoices", "products", "reports"];
const SUBS = ["list", "search", "export", "summary", "history", "settings", "status", "archive", "metrics", "audit"];

test("500 endpoints stay readable: nodes do not overlap and zooming in makes them legible", async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  const slug = await signUpInUi(page, { name: "Big Map", email: uniqueEmail("big"), workspace: "Big Map Co" });
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
  const lines: string[] = [];
  for (let h = 0; h < 10; h++) {
    for (const top of TOPS) {
      for (const sub of SUBS) {
        for (let i = 0; i < 2; i++) {
          const internal = (h + i) % 3 === 0;
          const ip = internal ? `10.1.${h}.${i + 1}` : `81.2.${h}.${i + 10}`;
          const r: SimRequest = {
            ts: hour + lines.length * 1000,
            method: "GET",
            host: `svc${h}.bigmap.example`,
            path: `/v1/${top}/${sub}`,
            status: 200,
            bytes: 512,
            latencyMs: 20,
            clientIp: ip,
            peerIp: internal ? ip : "10.0.0.2",
            forwardedFor: internal ? undefined : ip,
            userAgent: internal ? `svc${i}-worker/1.0` : "Mozilla/5.0",
            endpoint: `/v1/${top}/${sub}`,
            scenario: "user",
            attack: false,
            actor: ip,
          };
          lines.push(SIM_FORMATS.nginx(r));
        }
      }
    }
  }
  await uploadNginxLog(page, slug, `${lines.join("\n")}\n`);
  await page.goto(`/w/${slug}/api-map`);
  await mapReady(page, "10 services → 500 endpoints", ".react-flow__node-service");
  // Past 150 endpoints the map opens as an overview: services folded into their figures, named legibly.
  await expect(page.getByTestId("map-folded")).toContainText("10 services folded");
  await expect(page.locator(".react-flow__node-endpoint")).toHaveCount(0);
  await expect(page.getByTestId("map-service-tones").first()).toContainText("50");
  for (const h of await page
    .locator(".react-flow__node-service .map-title")
    .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height)))
    expect(h).toBeGreaterThanOrEqual(12);
  await testInfo.attach("api-map-500", {
    body: await page.getByTestId("api-map").screenshot({ path: testInfo.outputPath("api-map-500.png") }),
    contentType: "image/png",
  });
  // Opening one service brings it into view: its endpoints are legible boxes (40 px tall at zoom 1; at least 28 px here).
  await page
    .locator(".react-flow__node-service")
    .filter({ hasText: "svc0.bigmap.example" })
    .getByRole("button", { name: "Open its 50" })
    .click();
  await expect(page.locator(".react-flow__node-endpoint")).toHaveCount(50);
  const first = page.locator(".react-flow__node-endpoint").filter({ hasText: "/v1/" }).first();
  await expect.poll(async () => (await first.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(28);
  await expect(first).toContainText("GET /v1/");
  await testInfo.attach("api-map-500-service", {
    body: await page.getByTestId("api-map").screenshot({ path: testInfo.outputPath("api-map-500-service.png") }),
    contentType: "image/png",
  });
  // Every service open: 500 endpoints, no two boxes overlapping, every service still named when zoomed out.
  // (Past 300 nodes only those in view are drawn: fit the view first.)
  await page.getByRole("button", { name: "Open every service" }).click();
  await page.getByRole("button", { name: "fit view" }).click();
  await expect(page.locator(".react-flow__node-endpoint")).toHaveCount(500);
  const boxes = await page
    .locator(".react-flow__node-endpoint")
    .evaluateAll((els) =>
      els.map((el) => el.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })),
    );
  const overlaps = boxes.filter((a, i) =>
    boxes.some(
      (b, j) =>
        j > i && a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5,
    ),
  );
  expect(overlaps).toEqual([]);
  const labels = page.getByTestId("map-service-label");
  await expect(labels.first()).toBeVisible();
  for (const box of await labels.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height)))
    expect(box).toBeGreaterThanOrEqual(12);
});
