/**
 * Draws the app icons (an open statute book with a seal of approval) and renders them to PNG in
 * Debian's Chromium. Run after changing the drawing: npx tsx scripts/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { launchBrowser } from '../tests/e2e/support/browser';

function drawing(maskable: boolean): string {
	// A maskable icon must keep its picture inside the central 80% circle, on a full-bleed background.
	const scale = maskable ? 0.72 : 0.9;
	const offset = (512 - 512 * scale) / 2;
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <rect width="512" height="512" ${maskable ? '' : 'rx="104"'} fill="#1d5fa8"/>
  <g transform="translate(${offset} ${offset}) scale(${scale})">
    <path d="M70 150c70-38 140-38 186 6v262c-46-40-116-42-186-8z" fill="#ffffff"/>
    <path d="M442 150c-70-38-140-38-186 6v262c46-40 116-42 186-8z" fill="#dce8f6"/>
    <path d="M110 200h100M110 240h100M110 280h100M110 320h70" stroke="#1d5fa8" stroke-width="14" stroke-linecap="round" opacity="0.35"/>
    <circle cx="372" cy="366" r="84" fill="#f2b705" stroke="#1d5fa8" stroke-width="12"/>
    <path d="m330 368 30 30 54-60" stroke="#1d5fa8" stroke-width="24" fill="none" stroke-linecap="round" stroke-linejoin="round"/>
  </g>
</svg>`;
}

const targets = [
	{ file: 'static/icons/icon-192.png', size: 192, maskable: false },
	{ file: 'static/icons/icon-512.png', size: 512, maskable: false },
	{ file: 'static/icons/maskable-512.png', size: 512, maskable: true },
	{ file: 'static/icons/apple-touch-icon.png', size: 180, maskable: true }
];

const browser = await launchBrowser();
for (const t of targets) {
	const page = await browser.newPage({ viewport: { width: t.size, height: t.size }, deviceScaleFactor: 1 });
	const svg = drawing(t.maskable).replace('<svg ', `<svg width="${t.size}" height="${t.size}" `);
	await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
	writeFileSync(t.file, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: t.size, height: t.size } }));
	await page.close();
}
writeFileSync('static/favicon.svg', drawing(false));
await browser.close();
console.log('icons written to static/icons/');
