// SPDX-License-Identifier: MIT
// The page of `samlok serve :demo` as a user sees it, for
// tests/serve/check_page_lang.py: it starts the server with the given
// options, opens the page in headless Chromium (Debian's, driven by
// playwright-core) and writes one JSON object to standard output:
//   loaded   the page's HTML once the full pass of the scenario as loaded shows
//   after    the page's HTML after a lever moved (SKV's migration hours),
//            a 2 x 2 sweep drawn and the variants compared
//   chips    per headline chip: its agency, verdict code and text
//   badges   per verdict card of the report's front page: agency and badge text
//   problems console errors and page errors (a word missing from the
//            page's words is a console error)
//
//   node serve_text.mjs SAMLOK [SERVE OPTIONS...]
//
// Exit 77 (skipped) only when Chromium is not installed.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { CHROMIUM, CHROMIUM_ARGS, chromiumOrExit } from './figures.mjs';

const [samlok, ...options] = process.argv.slice(2);
const chromium = await chromiumOrExit();

const server = spawn(samlok, ['serve', ':demo', '--port', '0', ...options],
    { env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
let serverErr = '';
server.stderr.on('data', (d) => { serverErr += d; });
const first = await new Promise((resolve, reject) => {
    readline.createInterface({ input: server.stdout }).once('line', resolve);
    server.once('exit', (code) => reject(new Error(`samlok serve exited ${code}: ${serverErr}`)));
    setTimeout(() => reject(new Error('no address within 60 s')), 60000);
});

const problems = [];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const out = { problems };
try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // the full pass of a request newer than `after`, shown
    const settled = (after) => page.waitForFunction((after) => {
        const s = document.getElementById('status').dataset;
        return s.pass === 'full' && s.request === s.latest && Number(s.latest) > after &&
            document.getElementById('report').dataset.version === s.version;
    }, after, { timeout: 240000, polling: 100 });
    const latest = () => page.evaluate(() => Number(document.getElementById('status').dataset.latest ?? -1));

    await page.goto(first, { waitUntil: 'load' });
    await settled(-1);
    out.loaded = await page.content();

    const before = await latest();
    const hours = page.locator('[data-path="agencies.SKV.staff.migration_hours_per_week"]');
    await hours.fill('410');
    await hours.dispatchEvent('change');
    await settled(before);
    await page.selectOption('#sweep-x', 'deadline');
    await page.fill('#sweep-x-values', '2027-12-31\n2028-12-31');
    await page.selectOption('#sweep-y', 'agencies.SKV.staff.migration_hours_per_week');
    await page.fill('#sweep-y-values', '260\n1200');
    await page.click('#sweep-run');
    await page.waitForFunction(() => document.querySelectorAll('#sweep-grid td').length === 4 &&
        ![...document.querySelectorAll('#sweep-grid td')].some((t) => t.dataset.verdict === 'pending'),
    null, { timeout: 240000, polling: 200 });
    await page.click('#compare-run');
    await page.waitForSelector('#compare table', { timeout: 60000 });
    out.after = await page.content();
    out.chips = await page.evaluate(() => [...document.querySelectorAll('#headline .chip')].map((c) => ({
        agency: c.dataset.agency, verdict: c.dataset.verdict,
        text: [...c.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim(),
    })));
    out.badges = await page.evaluate(() => [...document.querySelectorAll('#verdicts article.verdict')].map((a) => ({
        agency: a.querySelector('h3').firstChild.textContent.trim(),
        text: a.querySelector('.badge').textContent,
    })));
} catch (e) {
    problems.push(`error: ${e.stack || e}`);
} finally {
    await browser.close();
    server.kill('SIGINT');
}
process.stdout.write(JSON.stringify(out));
