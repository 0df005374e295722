import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../common/public.decorator';
import { ReplicaReads } from '../database/replica-reads.service';

@ApiTags('health')
@Public()
// Probes are never rate limited: a balancer probing every instance from one address would otherwise
// spend the shared per-address limit (counted in PostgreSQL across instances).
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly replica: ReplicaReads,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up' })
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: "Readiness: the database answers a ping (with the read replica's lag, when there is one)" })
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    const checks: HealthIndicatorFunction[] = [() => this.db.pingCheck('database', { timeout: 1500 })];
    if (this.replica.configured) checks.push(() => this.replicaCheck());
    return this.health.check(checks);
  }

  /**
   * The replica's lag (bytes of WAL not yet replayed, seconds). Reported, never failing readiness: while
   * the replica is down or behind, heavy reads use the primary (ReplicaReads), so this instance serves.
   */
  private async replicaCheck(): Promise<{ replica: { status: 'up' } & Record<string, unknown> }> {
    const lag = await this.replica.lag();
    return { replica: { status: 'up', ...lag } };
  }
}
