// Dev helper: screenshots of pages at phone size. npx tsx tests/e2e/support/shot.mts / /practice/admin-licensing
import { launchBrowser, startServer } from './browser.ts';
const server = await startServer();
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
page.on('console', (m) => console.log('console:', m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
const paths = process.argv.slice(2);
for (const [i, p] of paths.entries()) {
  await page.goto(server.url + p);
  await page.waitForTimeout(800);
  if (p.includes('practice')) {
    const btn = page.locator('.choice').first();
    await btn.click();
    await page.waitForTimeout(400);
  }
  await page.screenshot({ path: `/tmp/shot-${i}.png`, fullPage: true });
}
await browser.close();
await server.stop();
