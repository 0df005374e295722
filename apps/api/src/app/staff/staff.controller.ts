import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CareTeamOptions, StaffMember } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { CareTeamOptionsDto, CreateStaffDto, ListStaffQueryDto, StaffMemberDto, UpdateStaffDto } from './dto/staff.dto';
import { StaffService } from './staff.service';

@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @RequirePermission(Permission.STAFF_READ)
  @ApiOperation({ summary: "Staff of the caller's clinic (filter by role, active)" })
  @ApiOkResponse({ type: StaffMemberDto, isArray: true })
  list(@CurrentActor() actor: Actor, @Query() query: ListStaffQueryDto): Promise<StaffMember[]> {
    return this.staff.list(actor, query);
  }

  @Get('care-team-options')
  @RequirePermission(Permission.STAFF_READ)
  @ApiOperation({ summary: 'Active staff who may be assigned as care manager, consultant or billing PCP' })
  @ApiOkResponse({ type: CareTeamOptionsDto })
  careTeamOptions(@CurrentActor() actor: Actor): Promise<CareTeamOptions> {
    return this.staff.careTeamOptions(actor);
  }

  @Post()
  @RequirePermission(Permission.STAFF_ADMIN)
  @ApiOperation({ summary: 'Add a staff member (admin)' })
  @ApiCreatedResponse({ type: StaffMemberDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateStaffDto): Promise<StaffMember> {
    return this.staff.create(actor, dto);
  }

  @Patch(':id')
  @RequirePermission(Permission.STAFF_ADMIN)
  @ApiOperation({ summary: 'Change role, email, FTE or active (admin; send the version you edited)' })
  @ApiOkResponse({ type: StaffMemberDto })
  update(
    @CurrentActor() actor: Actor,
    @Param() params: UuidParamDto,
    @Body() dto: UpdateStaffDto,
  ): Promise<StaffMember> {
    return this.staff.update(actor, params.id, dto);
  }
}
