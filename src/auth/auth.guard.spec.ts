import {
  type ExecutionContext,
  ServiceUnavailableException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  type AccessTokenVerifier,
  InvalidAccessTokenError,
} from './access-token.verifier';
import { AuthGuard, BearerChallengeException } from './auth.guard';
import type { AuthenticatedUser } from './authenticated-user';
import { IS_PUBLIC } from './public.decorator';
import { SigningKeysUnavailableError } from './signing-keys';

const USER: AuthenticatedUser = {
  id: '5b0c2f7e-8a4d-4e8f-9c1a-2b3c4d5e6f70',
  accessToken: 'a.b.c',
  expiresAt: Date.now() + 60_000,
};

function contextWith(
  headers: Record<string, string>,
  isPublic = false,
): { context: ExecutionContext; request: { headers: object; user?: unknown } } {
  const request: { headers: object; user?: unknown } = { headers };
  const handler = () => undefined;
  if (isPublic) Reflect.defineMetadata(IS_PUBLIC, true, handler);
  const context = {
    getHandler: () => handler,
    getClass: () => class Controller {},
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

describe(AuthGuard.name, () => {
  let verify: jest.Mock<Promise<AuthenticatedUser>, [string]>;
  let sut: AuthGuard;

  beforeEach(() => {
    verify = jest.fn<Promise<AuthenticatedUser>, [string]>();
    sut = new AuthGuard(new Reflector(), {
      verify,
    } as unknown as AccessTokenVerifier);
  });

  it('lets a public route through without asking for a token', async () => {
    const { context } = contextWith({}, true);
    await expect(sut.canActivate(context)).resolves.toBe(true);
    expect(verify).not.toHaveBeenCalled();
  });

  it('verifies a bearer token and sets the caller on the request', async () => {
    verify.mockResolvedValue(USER);
    const { context, request } = contextWith({ authorization: 'Bearer a.b.c' });
    await expect(sut.canActivate(context)).resolves.toBe(true);
    expect(verify).toHaveBeenCalledWith('a.b.c');
    expect(request.user).toBe(USER);
  });

  it.each([
    ['no header', {}],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['two tokens', { authorization: 'Bearer a.b.c d.e.f' }],
    ['a lower-case scheme and junk', { authorization: 'bearer <script>' }],
    ['text before the scheme', { authorization: 'xBearer a.b.c' }],
    ['text before the scheme', { authorization: 'xBearer a.b.c' }],
  ])(
    'challenges a request with %s, without verifying anything',
    async (_case, headers) => {
      const { context } = contextWith(headers);
      const error = await sut.canActivate(context).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BearerChallengeException);
      expect((error as BearerChallengeException).headers).toEqual({
        'WWW-Authenticate': 'Bearer realm="visual-crm"',
      });
      expect((error as BearerChallengeException).message).toBe(
        'A bearer access token is required.',
      );
      expect(verify).not.toHaveBeenCalled();
    },
  );

  it('answers an invalid token with an invalid_token challenge', async () => {
    verify.mockRejectedValue(new InvalidAccessTokenError('expired'));
    const { context, request } = contextWith({ authorization: 'Bearer x.y.z' });
    const error = await sut.canActivate(context).catch((e: unknown) => e);
    expect((error as BearerChallengeException).headers).toEqual({
      'WWW-Authenticate': 'Bearer realm="visual-crm", error="invalid_token"',
    });
    expect((error as BearerChallengeException).message).toBe(
      'The access token is invalid or has expired.',
    );
    expect(request.user).toBeUndefined();
  });

  it('answers 503 when the signing keys cannot be had, not 401', async () => {
    verify.mockRejectedValue(new SigningKeysUnavailableError('down'));
    const { context } = contextWith({ authorization: 'Bearer x.y.z' });
    await expect(sut.canActivate(context)).rejects.toEqual(
      new ServiceUnavailableException(
        'Access tokens cannot be verified right now; try again shortly.',
      ),
    );
  });

  it('lets an unexpected error through to the error filter', async () => {
    const bug = new TypeError('bug');
    verify.mockRejectedValue(bug);
    const { context } = contextWith({ authorization: 'Bearer x.y.z' });
    await expect(sut.canActivate(context)).rejects.toBe(bug);
  });
});
