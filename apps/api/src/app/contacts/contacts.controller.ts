import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ContactRecord } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { ContactsService } from './contacts.service';
import { ContactRecordDto, CreateContactDto, UpdateContactDto } from './dto/contact.dto';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller()
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Post('patients/:id/contacts')
  @RequirePermission(Permission.CONTACT_WRITE)
  @ApiOperation({ summary: 'Log a contact or attempt with the minutes spent' })
  @ApiCreatedResponse({ type: ContactRecordDto })
  create(
    @CurrentActor() actor: Actor,
    @Param() params: UuidParamDto,
    @Body() dto: CreateContactDto,
  ): Promise<ContactRecord> {
    return this.contacts.create(actor, params.id, dto);
  }

  @Get('patients/:id/contacts')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: "A patient's contacts, most recent first" })
  @ApiOkResponse({ type: ContactRecordDto, isArray: true })
  list(@CurrentActor() actor: Actor, @Param() params: UuidParamDto): Promise<ContactRecord[]> {
    return this.contacts.list(actor, params.id);
  }

  @Patch('contacts/:id')
  @RequirePermission(Permission.CONTACT_WRITE)
  @ApiOperation({ summary: 'Edit one of your contacts (send the version you edited)' })
  @ApiOkResponse({ type: ContactRecordDto })
  update(
    @CurrentActor() actor: Actor,
    @Param() params: UuidParamDto,
    @Body() dto: UpdateContactDto,
  ): Promise<ContactRecord> {
    return this.contacts.update(actor, params.id, dto);
  }
}
