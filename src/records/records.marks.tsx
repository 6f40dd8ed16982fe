import type { Lang } from '../plugins/i18n.ts';
import { Tag, type TagColour } from '../views/components.tsx';
import { statusLabel } from './records.format.ts';

const statusColour: Record<string, TagColour> = {
  empty: 'grey',
  partial: 'yellow',
  complete: 'green',
  none: 'blue',
};

/** A data set's status (not recorded, partly recorded, complete, none in our area) as a tag with its name. */
export function StatusTag({ status, lang }: { status: string; lang: Lang }) {
  return <Tag colour={statusColour[status] ?? 'grey'}>{statusLabel(status, lang)}</Tag>;
}
