import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventLoopMonitor } from './event-loop.monitor';
import { HealthController } from './health.controller';
import { RuntimeMetricsController } from './runtime-metrics.controller';

@Module({
  imports: [TerminusModule],
  controllers: [HealthController, RuntimeMetricsController],
  providers: [EventLoopMonitor],
})
export class HealthModule {}
