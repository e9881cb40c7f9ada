/** The callback page's few words, in the browser's language (en, ja, ko). */
export interface CallbackStrings {
  title: string;
  finishing: string;
  done: string;
  unreachable: string;
  notASignIn: string;
}

/** The texts per language. */
export const CALLBACK_STRINGS: Record<'en' | 'ja' | 'ko', CallbackStrings> = {
  en: {
    title: 'Sign-in',
    finishing: 'Finishing sign-in…',
    done: 'Sign-in finished. You can close this window.',
    unreachable:
      'This window could not reach the desktop. Close it, then select Sign in again on the desktop.',
    notASignIn: 'This page finishes a sign-in started from the desktop. You can close this window.',
  },
  ja: {
    title: 'サインイン',
    finishing: 'サインインを完了しています…',
    done: 'サインインが完了しました。このウィンドウを閉じてかまいません。',
    unreachable:
      'このウィンドウからデスクトップに接続できませんでした。このウィンドウを閉じて、デスクトップでもう一度サインインを選択してください。',
    notASignIn:
      'このページはデスクトップから開始したサインインを完了するためのものです。このウィンドウを閉じてかまいません。',
  },
  ko: {
    title: '로그인',
    finishing: '로그인을 마무리하는 중…',
    done: '로그인이 완료되었습니다. 이 창을 닫아도 됩니다.',
    unreachable:
      '이 창에서 데스크톱에 연결할 수 없습니다. 이 창을 닫은 다음 데스크톱에서 다시 로그인을 선택하세요.',
    notASignIn: '이 페이지는 데스크톱에서 시작한 로그인을 마무리합니다. 이 창을 닫아도 됩니다.',
  },
};

/** `ja-JP` → `ja`; anything we do not have → `en`. */
export function pickLanguage(languages: readonly string[]): 'en' | 'ja' | 'ko' {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'en' || base === 'ja' || base === 'ko') return base;
  }
  return 'en';
}
