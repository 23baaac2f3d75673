import { BadRequestException } from '@nestjs/common';

/**
 * A PATCH must name a field to change. DTO instances carry every declared field, the ones not
 * sent as undefined.
 */
export function requireChanges(changes: object): void {
  if (Object.values(changes).every((value) => value === undefined)) {
    throw new BadRequestException('the request body names no field to change');
  }
}
