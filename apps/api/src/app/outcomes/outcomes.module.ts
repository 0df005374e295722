import { Module } from '@nestjs/common';
import { RegistrySqlModule } from '../registry-sql/registry-sql.module';
import { OutcomesController } from './outcomes.controller';
import { OutcomesRepository } from './outcomes.repository';
import { OutcomesService } from './outcomes.service';

@Module({
  imports: [RegistrySqlModule],
  controllers: [OutcomesController],
  providers: [OutcomesService, OutcomesRepository],
  exports: [OutcomesService],
})
export class OutcomesModule {}
