import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from './app-config';
import { ensurePrivateDir, restrictIfPresent } from './private-files';

/**
 * The bearer token that admin requests must carry: ADMIN_TOKEN, or one generated on first start and kept
 * in DATA_DIR/admin-token (owner-only), so a node is never left open by forgetting to set it.
 */
export class AdminToken {
  private constructor(
    private readonly digest: Buffer,
    /** Where the generated token is kept, or null when it came from ADMIN_TOKEN. */
    readonly file: string | null,
  ) {}

  static load(config: AppConfig): AdminToken {
    if (config.adminToken) return new AdminToken(AdminToken.hash(config.adminToken), null);
    const file = adminTokenFile(config.dataDir);
    if (!existsSync(file)) {
      ensurePrivateDir(config.dataDir);
      writeFileSync(file, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
    }
    // One an earlier release (or a copy) left readable by others is tightened; one others could write is refused.
    restrictIfPresent(file);
    return new AdminToken(AdminToken.hash(readFileSync(file, 'utf8').trim()), file);
  }

  private static hash(token: string): Buffer {
    return createHash('sha256').update(token).digest();
  }

  /** Constant-time comparison (of digests, so the lengths always match). */
  matches(candidate: string): boolean {
    return timingSafeEqual(AdminToken.hash(candidate), this.digest);
  }
}

export function adminTokenFile(dataDir: string): string {
  return join(dataDir, 'admin-token');
}
