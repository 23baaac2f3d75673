import { NotFoundException } from '@nestjs/common';

/**
 * A read of a record merged into another: 404, and the problem document names the survivor in
 * `merged_into` so a client can follow it.
 */
export class MergedRecordException extends NotFoundException {
  constructor(
    detail: string,
    readonly mergedInto: string,
  ) {
    super(detail);
  }
}
