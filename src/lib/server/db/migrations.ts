/**
 * Schema migrations, applied in order at server start by Kysely's Migrator. Never edit a released
 * migration; add a new one. Written with Kysely's schema builder so a PostgreSQL dialect can run them.
 */
import { type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { predictionsMigration } from './migrations/0003-predictions';
import { assignmentsMigration } from './migrations/0004-assignments';
import { reportIndexesMigration } from './migrations/0005-report-indexes';
import { attemptDaysMigration } from './migrations/0006-attempt-days';
import { unitQuestionDaysMigration } from './migrations/0007-unit-question-days';
import { itemAnalysisCacheMigration } from './migrations/0008-item-analysis-cache';
import { cadreTotalsMigration } from './migrations/0009-cadre-totals';

const migrations: Record<string, Migration> = {
	'0001-units-users-sessions': {
		async up(db: Kysely<unknown>) {
			await db.schema
				.createTable('units')
				.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
				.addColumn('name', 'text', (c) => c.notNull())
				.addColumn('kind', 'text', (c) => c.notNull())
				.addColumn('parent_id', 'integer', (c) => c.references('units.id'))
				.addColumn('path', 'text', (c) => c.notNull().defaultTo(''))
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema.createIndex('units_path').on('units').column('path').execute();
			await db.schema
				.createTable('users')
				.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
				.addColumn('username', 'text', (c) => c.notNull().unique())
				.addColumn('display_name', 'text', (c) => c.notNull())
				.addColumn('staff_no', 'text')
				.addColumn('role', 'text', (c) => c.notNull())
				.addColumn('unit_id', 'integer', (c) => c.references('units.id'))
				.addColumn('password_hash', 'text', (c) => c.notNull())
				.addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(1))
				.addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addColumn('last_login_at', 'bigint')
				.execute();
			await db.schema.createIndex('users_unit').on('users').column('unit_id').execute();
			await db.schema
				.createTable('sessions')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addColumn('expires_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
		}
	},
	'0002-learner-records': {
		async up(db: Kysely<unknown>) {
			await db.schema
				.createTable('attempts')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
				.addColumn('question_id', 'text', (c) => c.notNull())
				.addColumn('rev', 'integer', (c) => c.notNull())
				.addColumn('law_id', 'text', (c) => c.notNull())
				.addColumn('response', 'text', (c) => c.notNull())
				.addColumn('correct', 'integer', (c) => c.notNull())
				.addColumn('ms', 'integer', (c) => c.notNull())
				.addColumn('at', 'bigint', (c) => c.notNull())
				.addColumn('bank_version', 'text', (c) => c.notNull())
				.addColumn('source', 'text', (c) => c.notNull())
				.addColumn('received_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema.createIndex('attempts_user_at').on('attempts').columns(['user_id', 'at']).execute();
			await db.schema.createIndex('attempts_question').on('attempts').column('question_id').execute();
			await db.schema
				.createTable('exams')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
				.addColumn('paper_id', 'text', (c) => c.notNull())
				.addColumn('paper_title', 'text', (c) => c.notNull())
				.addColumn('bank_version', 'text', (c) => c.notNull())
				.addColumn('seed', 'bigint', (c) => c.notNull())
				.addColumn('pass', 'real', (c) => c.notNull())
				.addColumn('total', 'real', (c) => c.notNull())
				.addColumn('duration_ms', 'bigint', (c) => c.notNull())
				.addColumn('started_at', 'bigint', (c) => c.notNull())
				.addColumn('submitted_at', 'bigint', (c) => c.notNull())
				.addColumn('submit_reason', 'text', (c) => c.notNull())
				.addColumn('items', 'text', (c) => c.notNull())
				.addColumn('client_score', 'real', (c) => c.notNull())
				.addColumn('score', 'real', (c) => c.notNull())
				.addColumn('passed', 'integer', (c) => c.notNull())
				.addColumn('score_mismatch', 'integer', (c) => c.notNull())
				.addColumn('received_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema.createIndex('exams_user_submitted').on('exams').columns(['user_id', 'submitted_at']).execute();
			await db.schema
				.createTable('exam_answers')
				.addColumn('exam_id', 'text', (c) => c.notNull().references('exams.id').onDelete('cascade'))
				.addColumn('question_id', 'text', (c) => c.notNull())
				.addColumn('response', 'text', (c) => c.notNull())
				.addColumn('at', 'bigint', (c) => c.notNull())
				.addPrimaryKeyConstraint('exam_answers_pk', ['exam_id', 'question_id'])
				.execute();
			await db.schema
				.createTable('question_reports')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
				.addColumn('question_id', 'text', (c) => c.notNull())
				.addColumn('rev', 'integer', (c) => c.notNull())
				.addColumn('reason', 'text', (c) => c.notNull())
				.addColumn('text', 'text', (c) => c.notNull())
				.addColumn('at', 'bigint', (c) => c.notNull())
				.addColumn('bank_version', 'text', (c) => c.notNull())
				.addColumn('received_at', 'bigint', (c) => c.notNull())
				.execute();
		}
	},
	'0003-predictions': predictionsMigration,
	'0004-assignments': assignmentsMigration,
	'0005-report-indexes': reportIndexesMigration,
	'0006-attempt-days': attemptDaysMigration,
	'0007-unit-question-days': unitQuestionDaysMigration,
	'0008-item-analysis-cache': itemAnalysisCacheMigration,
	'0009-cadre-totals': cadreTotalsMigration
};

export const migrationProvider: MigrationProvider = {
	getMigrations: async () => migrations
};
