import {
  BadRequestException,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import type { FieldError } from './problem-details';

/** A client needs the first few problems to fix a request, not thousands of them. */
export const MAX_REPORTED_ERRORS = 20;

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** The first MAX_REPORTED_ERRORS field errors, and a message that says how many were left out. */
export function validationProblem(errors: ValidationError[]): {
  message: string;
  errors: FieldError[];
} {
  const all = flatten(errors);
  const shown = all.slice(0, MAX_REPORTED_ERRORS);
  const more = all.length - shown.length;
  const messages = shown.map((e) => e.message).join('; ');
  return {
    message: `The request is invalid: ${messages}${more > 0 ? `; and ${more} more` : ''}.`,
    errors: shown,
  };
}

/**
 * Input is validated against its DTO and nothing else gets through: an unknown field or query
 * parameter is a 400 (a misspelt `cursor` must not silently return page 1 again). Each field
 * stops at its first failed constraint, so no check runs on input already known to be wrong.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new BadRequestException(validationProblem(errors)),
  });
}
