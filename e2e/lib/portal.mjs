/*
 * Shared browser plumbing for the e2e tests: Debian's Chromium through
 * playwright-core (never a downloaded browser), a guest sign-in, and
 * screenshots saved where the README picks them up.
 */
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const portalUrl = process.env.PORTAL_URL ?? 'http://localhost:3000';
export const backendUrl = process.env.BACKEND_URL ?? 'http://localhost:7007';
const root = new URL('../..', import.meta.url).pathname;
export const screenshotDir = join(root, 'docs/screenshots');

export async function openPortal() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'pod-identity-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // The dev server hands a cold browser a large unminified bundle; on a
  // 2-core machine its first load can take over a minute. Waits are generous
  // because they are waits, not performance assertions.
  page.setDefaultTimeout(60_000);
  page.setDefaultNavigationTimeout(180_000);
  return { context, page };
}

/** Signs in with the guest provider and waits until the app has taken over. */
export async function signInAsGuest(page) {
  await page.goto(portalUrl, { waitUntil: 'domcontentloaded' });
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.click();
  // A fresh backend can bounce a navigation made too early back to sign-in.
  await enter.waitFor({ state: 'detached' });
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * Opens a URL and reloads until the locator shows: the catalog ingests the demo
 * entities a few seconds after the backend starts, and its pages don't poll.
 * Each attempt waits twice as long as the one before: a page that takes longer
 * to render than one attempt (a busy machine) would otherwise be reloaded
 * before it could ever show.
 */
export async function gotoUntilVisible(page, url, locatorFn, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (let attemptMs = 10_000; ; attemptMs *= 2) {
    await page.goto(url);
    const locator = locatorFn(page);
    try {
      await locator.waitFor({
        timeout: Math.max(10_000, Math.min(attemptMs, deadline - Date.now())),
      });
      return locator;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}
