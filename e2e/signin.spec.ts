import { expect, test, type Page } from '@playwright/test';
import { GridPage } from './pages/GridPage';
import { NodePage } from './pages/NodePage';
import { RemediationDialog } from './pages/RemediationDialog';
import { demoState, TOKEN_PORT } from './support/servers';

/**
 * Token mode (CNI_HEALTH_AUTH=token) against the demo cluster: people sign
 * in with their own bearer token, and that token, not the dashboard's,
 * decides what they may do.
 */
test.use({ baseURL: `http://localhost:${TOKEN_PORT}` });

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin\?next=%2F$/);
  await page.getByLabel('Kubernetes bearer token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('grid', { name: 'Nodes' })).toBeVisible();
}

async function mintToken(role: 'admin' | 'viewer'): Promise<string> {
  const state = demoState();
  const res = await fetch(`${state.controlUrl}/tokens`, { method: 'POST', headers: { authorization: `Bearer ${state.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ role }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

async function revoke(token: string): Promise<void> {
  const state = demoState();
  const res = await fetch(`${state.controlUrl}/tokens/revoke`, { method: 'POST', headers: { authorization: `Bearer ${state.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  expect(await res.json()).toEqual({ revoked: true });
}

test.describe('token sign-in', () => {
  test('pages send you to sign in, APIs answer 401, and a wrong token is refused with a clear error', async ({ page, request }) => {
    await page.goto('/nodes/whatever?x=1');
    await expect(page).toHaveURL(/\/signin\?next=%2Fnodes%2Fwhatever%3Fx%3D1$/);
    expect((await request.get('/api/grid')).status()).toBe(401);
    expect(await (await request.get('/api/nodes')).json()).toMatchObject({ code: 'unauthenticated' });

    const token = page.getByLabel('Kubernetes bearer token');
    await token.focus();
    await page.keyboard.type('not-a-real-token');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('signin-error')).toContainText('Invalid token');
    await expect(page.getByTestId('signin-error')).toHaveAttribute('role', 'alert');
    await expect(page).toHaveURL(/\/signin/);
  });

  test('the viewer signs in, sees the grid as themselves, and remediation is disabled by their RBAC', async ({ page, context }) => {
    await signIn(page, demoState().viewerToken);
    const identity = page.getByTestId('identity');
    await expect(identity).toHaveAttribute('data-user', 'viewer');
    await expect(identity).toHaveAttribute('data-mode', 'token');
    const cookie = (await context.cookies()).find((c) => c.name === 'cni-health-session');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
    expect(cookie!.value).not.toContain(demoState().viewerToken);

    const node = (await new GridPage(page).nodeNames('broken'))[0]!;
    await new NodePage(page).open(node);
    const dialog = new RemediationDialog(page);
    await expect(page.getByTestId('acting-as')).toContainText('viewer');
    await expect(dialog.button('cordon-node')).toBeDisabled();
    await expect(dialog.disabledReason('cordon-node')).toContainText('viewer may not patch nodes');
  });

  test('an admin token may preview (dry runs pass as that user), and sign-out ends the session', async ({ page, request }) => {
    await signIn(page, demoState().token);
    await expect(page.getByTestId('identity')).toHaveAttribute('data-user', 'admin');
    const node = (await new GridPage(page).nodeNames('healthy'))[0]!;
    await new NodePage(page).open(node);
    const dialog = new RemediationDialog(page);
    await dialog.open('cordon-node');
    await expect(dialog.dryRuns).toHaveAttribute('data-ok', 'true');
    await expect(dialog.root.getByTestId('apply-disabled-reason')).toHaveCount(0);
    await dialog.close();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/signin/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/signin\?next=%2F$/);
    expect((await request.get('/api/grid')).status()).toBe(401);
  });

  test('a hostile return address after sign-in stays on the dashboard', async ({ browser }) => {
    // Three sign-ins, well inside the per-client sign-in burst; the rest of the payloads are unit-tested (lib/api/next-path.test.ts).
    for (const next of ['/%09/evil.example/', '/%0d/evil.example/', '/%09%5cevil.example/']) {
      // A browser of its own each time: a signed-in grid left open would go to sign in by itself once its cookie is gone.
      const context = await browser.newContext({ baseURL: `http://localhost:${TOKEN_PORT}` });
      const page = await context.newPage();
      await page.goto(`/signin?next=${next}`);
      await page.getByLabel('Kubernetes bearer token').fill(demoState().viewerToken);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('grid', { name: 'Nodes' })).toBeVisible();
      expect(new URL(page.url()).origin).toBe(`http://localhost:${TOKEN_PORT}`);
      expect(new URL(page.url()).pathname).toBe('/');
      await context.close();
    }
  });

  test('a token the API server stops accepting sends the user back to sign in, never to the dashboard\'s own credentials', async ({ page }) => {
    const token = await mintToken('admin');
    await signIn(page, token);
    const node = (await new GridPage(page).nodeNames('healthy'))[0]!;
    await revoke(token);
    // The node page asks the API server with the user's token (permissions): 401, the session ends.
    await new NodePage(page).open(node).catch(() => undefined);
    await expect(page).toHaveURL(/\/signin\?next=/, { timeout: 20_000 });
    await page.goto('/');
    await expect(page).toHaveURL(/\/signin/);
  });
});
