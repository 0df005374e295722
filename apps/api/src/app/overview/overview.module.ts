import { Module } from '@nestjs/common';
import { RegistrySqlModule } from '../registry-sql/registry-sql.module';
import { OverviewController } from './overview.controller';
import { OverviewRepository } from './overview.repository';
import { OverviewService } from './overview.service';

@Module({
  imports: [RegistrySqlModule],
  controllers: [OverviewController],
  providers: [OverviewService, OverviewRepository],
})
export class OverviewModule {}
