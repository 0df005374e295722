import { Controller, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController } from '@nestjs/swagger';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { NotConfiguredError } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { EventLoopMonitor, type EventLoopWindow } from './event-loop.monitor';

/**
 * Test-only runtime metrics for the reliability suite (RUNTIME_METRICS_ENABLED; 404 otherwise), for
 * clinic admins only. Left out of the OpenAPI document: the suite's fuzzers must not reset the window
 * they are measured by.
 */
@ApiExcludeController()
@Controller('health/runtime')
export class RuntimeMetricsController {
  constructor(
    private readonly eventLoop: EventLoopMonitor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Event-loop delay since the previous call (p50, p99, max in ms); a new window starts. */
  @Post('event-loop')
  @RequirePermission(Permission.CLINIC_ADMIN)
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  eventLoopWindow(): EventLoopWindow {
    if (!this.config.RUNTIME_METRICS_ENABLED) throw new NotConfiguredError('Runtime metrics');
    return this.eventLoop.takeWindow();
  }
}
