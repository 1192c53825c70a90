import { articleLabel } from './chinese-numerals';

/** 《行政许可法》第四十七条 */
export function citation(lawShort: string, article: number): string {
	return `《${lawShort}》${articleLabel(article)}`;
}
