import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { articleText, parseLaw, topLevelDivisions, LawParseError } from '../../src/lib/core/law-parser';

const read = (law: string) => readFileSync(new URL(`../../question-bank/laws/${law}.md`, import.meta.url), 'utf8');

describe('law parser on the real statutes', () => {
	it('finds 1260 articles in the Civil Code, 83 in the Licensing Law and 103 in the Litigation Law', () => {
		expect(parseLaw(read('civil-code')).articles).toHaveLength(1260);
		expect(parseLaw(read('admin-licensing')).articles).toHaveLength(83);
		expect(parseLaw(read('admin-litigation')).articles).toHaveLength(103);
	});

	it.each([
		['admin-compulsion', 71],
		['admin-penalty', 86],
		['admin-reconsideration', 90],
		['state-compensation', 42],
		['constitution', 143],
		['admin-litigation-interpretation', 163]
	])('finds every article of %s', (law, count) => {
		expect(parseLaw(read(law)).articles).toHaveLength(count);
	});

	it('reads the Civil Code as seven books and 附则 with 分编, 章 and 节 inside', () => {
		const law = parseLaw(read('civil-code'));
		expect(law.title).toBe('中华人民共和国民法典');
		const books = topLevelDivisions(law);
		expect(books.map((b) => b.title)).toEqual([
			'第一编 总则',
			'第二编 物权',
			'第三编 合同',
			'第四编 人格权',
			'第五编 婚姻家庭',
			'第六编 继承',
			'第七编 侵权责任',
			'附则'
		]);
		expect(books[0]).toMatchObject({ from: 1, to: 204 });
		expect(books[1]).toMatchObject({ from: 205, to: 462 });
		expect(books[3]).toMatchObject({ from: 989, to: 1039 });
		expect(books[7]).toMatchObject({ from: 1259, to: 1260 });
		const tort = law.articles[1164]!; // 第一千一百六十五条
		expect(tort.label).toBe('第一千一百六十五条');
		const path: string[] = [];
		for (let d = tort.division; d !== null; d = law.divisions[d]!.parent) path.unshift(law.divisions[d]!.title);
		expect(path).toEqual(['第七编 侵权责任', '第一章 一般规定']);
		const quasi = law.divisions.find((d) => d.kind === 'fenbian' && d.title.endsWith('准合同'));
		expect(quasi).toMatchObject({ title: '第三分编 准合同', depth: 2 });
	});

	it('reads the chapters and sections of the Licensing Law', () => {
		const law = parseLaw(read('admin-licensing'));
		const chapters = topLevelDivisions(law);
		expect(chapters).toHaveLength(8);
		expect(chapters[0]!.title).toBe('第一章 总则');
		expect(chapters[1]).toMatchObject({ title: '第二章 行政许可的设定', from: 11, to: 21 });
		const period = law.divisions.find((d) => d.title === '第三节 期限');
		expect(period).toMatchObject({ kind: 'jie', depth: 2, parent: chapters[3]!.index });
	});

	it('keeps paragraphs and items of an article apart', () => {
		const law = parseLaw(read('admin-licensing'));
		const a12 = law.articles[11]!;
		expect(a12.label).toBe('第十二条');
		expect(a12.paragraphs[0]).toBe('下列事项可以设定行政许可：');
		expect(a12.paragraphs).toHaveLength(7);
		expect(a12.paragraphs[6]).toBe('（六）法律、行政法规规定可以设定行政许可的其他事项。');
		const a47 = law.articles[46]!;
		expect(articleText(a47)).toContain('申请人、利害关系人在被告知听证权利之日起五日内提出听证申请的，行政机关应当在二十日内组织听证');
	});

	it('reads headings without a keyword (the interpretation) as top-level parts', () => {
		const law = parseLaw(read('admin-litigation-interpretation'));
		const parts = topLevelDivisions(law);
		expect(parts[0]!.title).toBe('一、受案范围');
		expect(parts.at(-1)!.title).toBe('十三、附则');
		expect(parts).toHaveLength(13);
	});
});

describe('law parser on broken input', () => {
	const header = '# 测试法\n\n2020年通过\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n';
	it('rejects a gap in the article numbers, naming the line', () => {
		const src = `${header}第一条 甲。\n\n第三条 乙。\n`;
		expect(() => parseLaw(src)).toThrow(LawParseError);
		expect(() => parseLaw(src)).toThrow(/line 11: article 第三条 \(3\) where 第二条 \(2\) was expected/);
	});
	it('rejects a file without the header marker', () => {
		expect(() => parseLaw('# 测试法\n第一条 甲。\n')).toThrow(/INFO END/);
	});
	it('keeps text before the first article as the preamble, but rejects stray text later', () => {
		expect(parseLaw(`${header}序言。\n\n第一条 甲。\n`).preamble).toEqual(['序言。']);
		expect(() => parseLaw(`${header}第一条 甲。\n\n## 第二章 乙\n\n正文\n`)).toThrow(/line 13: text outside any article/);
	});
});
