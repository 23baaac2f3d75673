import { BadRequestException } from '@nestjs/common';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEmail,
  IsOptional,
  IsString,
  Length,
} from 'class-validator';
import { CustomerParamsDto } from './route-params.dto';
import { MAX_REPORTED_ERRORS, createValidationPipe } from './validation.pipe';

/** A body with the kinds of constraints the features declare: lengths, formats, lists. */
class SampleBodyDto {
  @Length(1, 200)
  @IsString()
  name!: string;

  @IsEmail({}, { message: 'email must be a valid email address' })
  @IsOptional()
  email?: string;

  // Decorators register bottom-up: the size check runs first.
  @IsString({ each: true })
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsOptional()
  tags?: string[];
}

interface Rejection {
  message: string;
  errors: { field: string; message: string }[];
}

async function rejectionOf(body: object): Promise<Rejection> {
  const pipe = createValidationPipe();
  try {
    await pipe.transform(body, { type: 'body', metatype: SampleBodyDto });
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse() as Rejection;
  }
  throw new Error('expected the body to be refused');
}

describe(createValidationPipe.name, () => {
  it('reports at most a few dozen errors, then how many more there were', async () => {
    const unknown = Object.fromEntries(
      Array.from({ length: 45 }, (_, i) => [`extra${i}`, i]),
    );
    const { message, errors } = await rejectionOf({ name: 'A', ...unknown });
    expect(errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(message).toMatch(/; and 25 more\.$/);
  });

  it('stops at the first failed constraint of a field', async () => {
    const { errors } = await rejectionOf({
      name: 'A',
      tags: Array.from({ length: 30 }, () => 'same'),
    });
    expect(errors).toEqual([
      { field: 'tags', message: 'tags must contain no more than 20 elements' },
    ]);
  });

  it('lists every error when there are few, in one sentence', async () => {
    const { message, errors } = await rejectionOf({
      name: '',
      email: 'nope',
    });
    expect(errors).toEqual([
      {
        field: 'name',
        message: 'name must be longer than or equal to 1 characters',
      },
      { field: 'email', message: 'email must be a valid email address' },
    ]);
    expect(message).toBe(
      'The request is invalid: name must be longer than or equal to 1 characters; email must be a valid email address.',
    );
  });

  it('hands the handler an instance of the DTO', async () => {
    const value: unknown = await createValidationPipe().transform(
      { name: 'Ada' },
      { type: 'body', metatype: SampleBodyDto },
    );
    expect(value).toBeInstanceOf(SampleBodyDto);
  });

  it('hands path ids over in one spelling, lower case, whatever case they came in', async () => {
    const value = (await createValidationPipe().transform(
      {
        workspaceId: '0A1B2C3D-0000-4000-8000-00000000ABCD',
        id: '0a1b2c3d-0000-4000-8000-00000000abcd',
      },
      { type: 'param', metatype: CustomerParamsDto },
    )) as CustomerParamsDto;
    expect(value).toEqual({
      workspaceId: '0a1b2c3d-0000-4000-8000-00000000abcd',
      id: '0a1b2c3d-0000-4000-8000-00000000abcd',
    });
  });

  it('refuses a body that is not an object at all', async () => {
    await expect(
      createValidationPipe().transform('Ada', {
        type: 'body',
        metatype: SampleBodyDto,
      }),
    ).rejects.toBeInstanceOf(BadRequestException);
  });
});
