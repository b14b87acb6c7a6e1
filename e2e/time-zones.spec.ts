import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { DiffPage } from './pages/DiffPage';
import { GridPage } from './pages/GridPage';
import { NodePage } from './pages/NodePage';
import { PodsPage } from './pages/PodsPage';
import { collectConsoleErrors } from './support/console-errors';
import { DemoControl } from './support/demo-control';

/**
 * Times say their zone, everywhere, in the zone the viewer chose (the
 * browser's by default, or UTC), and the choice survives a reload. The
 * server cannot know the zone, so it renders UTC and the page switches after
 * hydration: no hydration warning on any page, /diff included.
 */
const ZONES = [
  // December in the demo's clock: Pacific standard time.
  { timezoneId: 'America/Los_Angeles', label: /\bP[SD]T/ },
  { timezoneId: 'Asia/Kolkata', label: /GMT\+5:30/ },
] as const;

const CLOCK = String.raw`\d\d:\d\d:\d\d`;

async function chooseZone(page: Page, choice: 'local' | 'utc'): Promise<void> {
  await page.getByTestId('zone-select').selectOption(choice);
  await expect(page.getByTestId('zone-switch')).toHaveAttribute('data-choice', choice);
}

for (const { timezoneId, label } of ZONES) {
  test.describe(timezoneId, () => {
    test.use({ timezoneId });

    test('times name the local zone by default, UTC once chosen, and the choice survives a reload', async ({ page, request }) => {
      const errors = collectConsoleErrors(page);
      const grid = new GridPage(page);
      await grid.open();
      const freshness = page.getByTestId('header-freshness');
      await expect(page.getByTestId('zone-switch')).toHaveAttribute('data-choice', 'local');
      await expect(page.getByTestId('zone-select').locator('option[value="local"]')).toHaveText(label);
      await expect(freshness).toContainText(new RegExp(`as of ${CLOCK} ${label.source}`));

      // A node of its own, broken by the Multus race, so the pods and times this test reads exist whatever ran before.
      const broken = (await grid.nodeNames('healthy')).at(-1)!;
      const demo = new DemoControl();
      await demo.step('reboot-with-race', broken);
      try {
        await zonesOn(page, request, broken, label);
      } finally {
        // Other specs expect the three broken nodes of the scenario, no more.
        await demo.step('heal', broken);
      }
      expect(errors).toEqual([]);
    });
  });
}

/** The same times on the node page, the diff and the pods page, in the local zone, then UTC across a reload, then local again. */
async function zonesOn(page: Page, request: APIRequestContext, broken: string, label: RegExp): Promise<void> {
  const freshness = page.getByTestId('header-freshness');
  const node = new NodePage(page);
  await node.open(broken);
  // When the snapshot was collected, and a stuck pod since when: absolute in the viewer's zone, and how long ago.
  await expect(page.getByTestId('snapshot-state')).toContainText(new RegExp(`collected (\\d{4}-\\d\\d-\\d\\d )?${CLOCK} ${label.source} \\(\\d+ (s|min|h)`));
  await expect(node.stuckPods.first()).toContainText(label, { timeout: 10_000 });

  // The server renders UTC (it cannot know the browser's zone); the browser switches after hydration.
  const html = await (await request.get(`/nodes/${broken}`)).text();
  expect(html).toMatch(new RegExp(`${CLOCK} UTC`));
  expect(html).not.toMatch(label);

  const diff = new DiffPage(page);
  await diff.open(`target=${broken}`);
  await expect(diff.target).toContainText(new RegExp(`first seen (\\d{4}-\\d\\d-\\d\\d )?${CLOCK} ${label.source}`));

  const pods = new PodsPage(page);
  await pods.open(`?node=${broken}`);
  await expect(pods.pods.first().getByTestId('pod-since')).toContainText(label);
  await expect(page.getByTestId('chart-zone').first()).toContainText(label);

  await chooseZone(page, 'utc');
  await expect(pods.pods.first().getByTestId('pod-since')).toContainText(new RegExp(`${CLOCK} UTC`));
  await expect(freshness).toContainText(new RegExp(`as of ${CLOCK} UTC`));
  await expect(page.getByTestId('chart-zone').first()).toHaveText('times in UTC');

  await page.reload();
  await expect(page.getByTestId('zone-switch')).toHaveAttribute('data-choice', 'utc');
  await expect(pods.pods.first().getByTestId('pod-since')).toContainText(new RegExp(`${CLOCK} UTC`));
  await expect(freshness).toContainText(new RegExp(`as of ${CLOCK} UTC`));
  await expect(page.getByTestId('header-freshness')).not.toContainText(label);

  await node.open(broken);
  await expect(page.getByTestId('snapshot-state')).toContainText(new RegExp(`collected (\\d{4}-\\d\\d-\\d\\d )?${CLOCK} UTC`));
  await diff.open(`target=${broken}`);
  await expect(diff.target).toContainText(new RegExp(`first seen (\\d{4}-\\d\\d-\\d\\d )?${CLOCK} UTC`));

  await chooseZone(page, 'local');
  await page.reload();
  await expect(page.getByTestId('zone-switch')).toHaveAttribute('data-choice', 'local');
  await expect(diff.target).toContainText(label);
}
