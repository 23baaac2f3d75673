import { NotFoundException } from '@nestjs/common';

/** A 404 for a record merged into another: the problem document names the survivor. */
export class MergedRecordException extends NotFoundException {
  constructor(detail: string, mergedInto: string) {
    super({ message: detail, merged_into: mergedInto });
  }
}
