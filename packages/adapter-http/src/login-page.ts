/**
 * @module login-page
 * The page a browser gets at `/` or `/dashboard` without a session: a bilingual token form that
 * posts to `/login` (the token goes in the body, not the URL) and returns to the page asked for.
 * No script, nothing fetched (the dashboard's CSP). API clients keep the JSON problem document.
 */
import { escapeHtml as e } from '@occhealth/reports';
import type { Context } from 'hono';
import type { Env } from './context.js';
import { DASHBOARD_CSP } from './dashboard.js';

/** Whether the request comes from a browser's page (it accepts HTML), not from an API client. */
export function wantsHtml(request: Request): boolean {
  return /\btext\/html\b/i.test(request.headers.get('Accept') ?? '');
}

/**
 * The login page. `next` is the path and query the form returns to; `reason` says why the page is
 * shown (a session that ended), in both languages.
 */
export function renderLoginPage(
  next: string,
  reason?: { readonly zh: string; readonly en: string },
): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录 · Log in — occhealth</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;background:#fafafa;color:#212121}
header{background:#1a4f8b;color:#fff;padding:12px 20px}h1{margin:0;font-size:20px}
main{max-width:32rem;margin:2rem auto;background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:1rem 1.5rem}
label{display:block;margin:.5rem 0 .25rem}input[type=password]{width:100%;box-sizing:border-box;padding:.4rem}
button{margin-top:.75rem;padding:.4rem 1rem}.reason{color:#c62828}small{color:#616161}</style></head>
<body><header><h1>职业健康工作看板 · Occupational-health dashboard</h1></header>
<main>${reason ? `<p class="reason" id="reason">${e(reason.zh)}<br>${e(reason.en)}</p>` : ''}
<form method="post" action="login">
<input type="hidden" name="next" value="${e(next)}">
<label for="token">访问令牌 · Access token</label>
<input type="password" id="token" name="token" required maxlength="512" autocomplete="current-password">
<button type="submit">登录 · Log in</button>
</form>
<p><small>令牌由管理员发放；<code>occhealth serve</code> 启动时会打印含一次性令牌的登录链接。<br>
Tokens are issued by your administrator; <code>occhealth serve</code> prints a login link with a one-time token when it starts.</small></p>
</main></body></html>`;
}

/**
 * The login page as a 401 answer (a browser shows it; the bearer challenge stays for API
 * clients). `next` defaults to the request's own path and query.
 */
export function loginPage(
  c: Context<Env>,
  reason?: { readonly zh: string; readonly en: string },
  next?: string,
): Response {
  const url = new URL(c.req.url);
  return c.html(renderLoginPage(next ?? `${url.pathname}${url.search}`, reason), 401, {
    'Content-Security-Policy': DASHBOARD_CSP,
    'Cache-Control': 'no-store',
    // same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with the
    // page's forms (log in, log out), which the same-origin check must refuse.
    'Referrer-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'WWW-Authenticate': 'Bearer realm="occhealth"',
  });
}
