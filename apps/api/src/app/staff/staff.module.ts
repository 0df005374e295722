import { Module } from '@nestjs/common';
import { StaffController } from './staff.controller';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';

/** Clinic staff; exports care-team validation to patients and episodes. */
@Module({ controllers: [StaffController], providers: [StaffService, StaffRepository], exports: [StaffRepository] })
export class StaffModule {}
