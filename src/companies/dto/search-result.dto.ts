import { ApiProperty } from '@nestjs/swagger';
import { LIST_LIMITS } from '../../common/list-limits';
import { int32 } from '../../common/field-formats';

const uuid = { format: 'uuid', maxLength: 36 } as const;
const nullableUuid = { ...uuid, nullable: true, type: String };
const nullableText = (maxLength: number, extra: object = {}) => ({
  nullable: true,
  type: String,
  maxLength,
  ...extra,
});
/** Counts stop at this many: counting every match of a short text would cost more than the page. */
export const SEARCH_COUNT_CAP = 1000;

export class PersonHitDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty({ minLength: 1, maxLength: 200 }) name!: string;
  @ApiProperty(nullableText(320, { format: 'email' })) email!: string | null;
  @ApiProperty(nullableText(50)) phone!: string | null;
  @ApiProperty(nullableUuid) company_id!: string | null;
}

export class CompanyHitDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty({ minLength: 1, maxLength: 200 }) name!: string;
  @ApiProperty(nullableText(253)) domain!: string | null;
}

export class DealHitDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty({ minLength: 1, maxLength: 200 }) title!: string;
  @ApiProperty({
    type: 'number',
    minimum: 0,
    maximum: 999_999_999_999.99,
    multipleOf: 0.01,
  })
  amount!: number;
  @ApiProperty({ type: String, pattern: '^[A-Z]{3}$', maxLength: 3 })
  currency!: string;
  @ApiProperty(uuid) stage_id!: string;
  @ApiProperty(nullableUuid) company_id!: string | null;
}

const total = {
  ...int32(0, SEARCH_COUNT_CAP + 1),
  description:
    `Matches of this kind: exact up to ${SEARCH_COUNT_CAP.toLocaleString('en')}; past that ` +
    `${(SEARCH_COUNT_CAP + 1).toLocaleString('en')} with \`total_exact\` false.`,
};
const exact = {
  description: `False when \`total\` only says "more than ${SEARCH_COUNT_CAP}".`,
};
const max = LIST_LIMITS.search.max;

export class PeopleHitsDto {
  @ApiProperty({ type: [PersonHitDto], maxItems: max }) data!: PersonHitDto[];
  @ApiProperty(total) total!: number;
  @ApiProperty(exact) total_exact!: boolean;
}

export class CompanyHitsDto {
  @ApiProperty({ type: [CompanyHitDto], maxItems: max }) data!: CompanyHitDto[];
  @ApiProperty(total) total!: number;
  @ApiProperty(exact) total_exact!: boolean;
}

export class DealHitsDto {
  @ApiProperty({ type: [DealHitDto], maxItems: max }) data!: DealHitDto[];
  @ApiProperty(total) total!: number;
  @ApiProperty(exact) total_exact!: boolean;
}

/** The search box's answer: the best matches of each kind, best first, and how many there are. */
export class SearchResultDto {
  @ApiProperty({ type: PeopleHitsDto }) people!: PeopleHitsDto;
  @ApiProperty({ type: CompanyHitsDto }) companies!: CompanyHitsDto;
  @ApiProperty({ type: DealHitsDto }) deals!: DealHitsDto;
}
