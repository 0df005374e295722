import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { checkpointFile } from '../config/data-paths';
import { appendCheckpoint, auditHead, checkpointKey, databaseIdentity, signCheckpoint } from './audit-checkpoint';

/**
 * Writes a signed checkpoint of the audit chain head every `AUDIT_CHECKPOINT_INTERVAL_SECONDS` (when it
 * moved) and at shutdown, to `AUDIT_CHECKPOINT_FILE`, and logs it (audit-checkpoint.ts). Off in tests
 * unless a file is configured. A failed checkpoint is logged and retried at the next interval.
 */
@Injectable()
export class AuditCheckpointService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoint');
  private timer: NodeJS.Timeout | undefined;
  private last: string | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return (
      this.config.AUDIT_CHECKPOINT_INTERVAL_SECONDS > 0 &&
      (this.config.NODE_ENV !== 'test' || this.config.AUDIT_CHECKPOINT_FILE !== undefined)
    );
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.timer = setInterval(() => void this.checkpoint(), this.config.AUDIT_CHECKPOINT_INTERVAL_SECONDS * 1000);
    this.timer.unref();
    void this.checkpoint();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.enabled) await this.checkpoint();
  }

  /** Appends a checkpoint of the current head (unless it is the one written last). */
  checkpoint(): Promise<void> {
    this.running = (this.running ?? Promise.resolve()).then(() => this.write());
    return this.running;
  }

  private async write(): Promise<void> {
    try {
      const head = await auditHead(this.db);
      if (!head || head.hash === this.last) return;
      const file = checkpointFile(this.config);
      const key = await checkpointKey(file, this.config.AUDIT_CHECKPOINT_KEY, true);
      const signed = signCheckpoint(
        { v: 1, at: new Date().toISOString(), db: await databaseIdentity(this.db), id: head.id, hash: head.hash },
        key ?? '',
      );
      await appendCheckpoint(file, signed);
      this.last = head.hash;
      this.logger.log(`Audit checkpoint: row ${signed.id}, hash ${signed.hash}, mac ${signed.mac}`);
    } catch (error) {
      this.logger.warn(`Audit checkpoint not written: ${(error as Error).message}`);
    }
  }
}
