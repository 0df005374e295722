import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { PreparedJsonInterceptor } from './common/prepared-json';

/** Global HTTP set-up shared by `main.ts` and the API tests, so tests exercise the real pipeline. */
export function configureApp(app: INestApplication): void {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api');
  // No ETags: hashing every response body costs CPU on each request, and PHI responses are not meant
  // to be cached and revalidated by browsers or proxies anyway.
  (app.getHttpAdapter().getInstance() as { set?: (name: string, value: unknown) => void }).set?.('etag', false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Angular Material inlines critical styles; scripts stay same-origin only.
          'style-src': ["'self'", "'unsafe-inline'"],
          'script-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
        },
      },
    }),
  );
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }),
  );
  app.useGlobalFilters(new DomainExceptionFilter());
  app.useGlobalInterceptors(new PreparedJsonInterceptor());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Huddle API')
      .setDescription('Collaborative-care registry: patients, episodes, measurement-based care, review and outcomes.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
}
