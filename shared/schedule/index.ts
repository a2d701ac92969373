export { cronProblem } from './cron';
export { describeSchedule, formatRunTime, scheduleTimeZone } from './describe';
export { MISSED_COUNT_CAP, nextRun, ON_TIME_MS, planTick, type TickPlan } from './next-run';
export { instantOf, slotAfter, slotsAfter } from './slots';
export { isTimeZone, localTimeZone } from './time-zone';
