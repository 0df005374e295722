import { Module } from '@nestjs/common';
import { FlagsModule } from '../flags/flags.module';
import { OutcomesController } from './outcomes.controller';
import { OutcomesRepository } from './outcomes.repository';
import { OutcomesService } from './outcomes.service';

@Module({ imports: [FlagsModule], controllers: [OutcomesController], providers: [OutcomesService, OutcomesRepository] })
export class OutcomesModule {}
