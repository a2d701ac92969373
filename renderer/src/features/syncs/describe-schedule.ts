export { describeSchedule } from '../../../../shared/schedule';
