import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { tap } from 'rxjs';

const STORAGE_KEY = 'ballotchain.admin-token';

/**
 * The node's admin token, entered once on the admin page. Kept in sessionStorage: it survives a reload
 * but not the closing of the tab, and never reaches other sites' pages.
 */
@Injectable({ providedIn: 'root' })
export class AdminToken {
  private readonly storage = inject(DOCUMENT).defaultView?.sessionStorage ?? null;
  private readonly value = signal<string | null>(this.read());

  readonly token = this.value.asReadonly();
  readonly present = computed(() => this.value() !== null);

  set(token: string): void {
    this.value.set(token);
    try {
      this.storage?.setItem(STORAGE_KEY, token);
    } catch {
      // Storage refused (privacy settings): the token still works until the page is reloaded.
    }
  }

  clear(): void {
    this.value.set(null);
    try {
      this.storage?.removeItem(STORAGE_KEY);
    } catch {
      // Nothing stored, nothing to remove.
    }
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(STORAGE_KEY) || null;
    } catch {
      return null;
    }
  }
}

/** Endpoints that need the admin token. Only same-origin paths: the token must never go to another node. */
const ADMIN_PATH = /^\/(api\/admin\/|mine(?:[?#]|$)|register_with(?:[?#]|$))/;

export function isAdminRequest(url: string): boolean {
  return ADMIN_PATH.test(url);
}

/**
 * Adds `Authorization: Bearer <token>` to admin requests. A request that already carries a token (the
 * check of a newly typed one) keeps it. When the node says the stored token is wrong, it is forgotten so
 * the page asks for it again instead of failing the same way on every click.
 */
export const adminTokenInterceptor: HttpInterceptorFn = (req, next) => {
  if (!isAdminRequest(req.url) || req.headers.has('Authorization')) return next(req);
  const tokens = inject(AdminToken);
  const token = tokens.token();
  const sent = token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;
  return next(sent).pipe(
    tap({
      error: (err: unknown) => {
        const reason = err instanceof HttpErrorResponse ? (err.error as { error?: unknown } | null)?.error : null;
        if (token && reason === 'invalid-admin-token') tokens.clear();
      },
    }),
  );
};
