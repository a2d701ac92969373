import type { Schedule } from '../../../../shared/schemas';

export function describeSchedule(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'manual':
      return 'By hand';
    case 'interval':
      return schedule.minutes % 60 === 0
        ? `Every ${schedule.minutes / 60 === 1 ? 'hour' : `${schedule.minutes / 60} hours`}`
        : `Every ${schedule.minutes === 1 ? 'minute' : `${schedule.minutes} minutes`}`;
    case 'cron':
      return `${schedule.expression} (${schedule.timezone})`;
  }
}
