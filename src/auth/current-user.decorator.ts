import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from './authenticated-user';

export type RequestWithUser = FastifyRequest & { user?: AuthenticatedUser };

/** The verified caller, set by the AuthGuard. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser => {
    const user = context.switchToHttp().getRequest<RequestWithUser>().user;
    if (!user)
      throw new Error(
        'CurrentUser used on a route the AuthGuard does not protect',
      );
    return user;
  },
);
