import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'huddle:isPublic';

/** Opts a controller or route out of authentication. Use only for data that is not PHI. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
