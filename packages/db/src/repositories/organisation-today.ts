import { dateInEngland, type IsoDate } from '@atscale/domain';

/** Today's date in England, as 'YYYY-MM-DD': the day against which "in force" is read. */
export function todayInEngland(): IsoDate {
  return dateInEngland(new Date());
}
