import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { ContactRepository } from './contact.repository';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';

/** Contacts and care-manager time. */
@Module({
  imports: [EpisodesModule],
  controllers: [ContactsController],
  providers: [ContactsService, ContactRepository],
})
export class ContactsModule {}
