import { Global, Module, type DynamicModule } from '@nestjs/common';
import { JOB_QUEUE_DATABASE_URL, JobQueue } from './job-queue.service';

/** Provides the PostgreSQL-backed {@link JobQueue} to every module. */
@Global()
@Module({})
export class JobsModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: JobsModule,
      providers: [
        { provide: JOB_QUEUE_DATABASE_URL, useValue: databaseUrl },
        { provide: JobQueue, useFactory: (url: string) => new JobQueue(url), inject: [JOB_QUEUE_DATABASE_URL] },
      ],
      exports: [JobQueue],
    };
  }
}
