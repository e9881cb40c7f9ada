/** The relay frame's own words, in the element's language (en, ja, ko). */
export interface RelayStrings {
  signIn: string;
  signInAgain: string;
  signingIn: string;
  username: string;
  notAllowed: string;
  versionMismatch: string;
  failed: string;
  /** Firefox's JSON viewer hides the token page from the relay: what the administrator deploys. */
  jsonViewer: string;
}

export const RELAY_STRINGS: Record<'en' | 'ja' | 'ko', RelayStrings> = {
  en: {
    signIn: 'Sign in',
    signInAgain: 'Sign in again',
    signingIn: 'Signing in…',
    username: 'Username',
    notAllowed: 'This site is not allowed to use the Finesse sign-in',
    versionMismatch:
      'The Finesse sign-in helper does not match this desktop version. Tell your administrator.',
    failed: 'The sign-in did not finish. Try again.',
    jsonViewer:
      'Firefox’s JSON viewer hides the sign-in result, so sign-in cannot finish in this browser as it is set up. Ask your administrator to turn the JSON viewer off with the Firefox enterprise policy (policies.json: "Preferences": {"devtools.jsonview.enabled": {"Value": false, "Status": "locked"}}), or use another supported browser.',
  },
  ja: {
    signIn: 'サインイン',
    signInAgain: 'もう一度サインイン',
    signingIn: 'サインインしています…',
    username: 'ユーザー名',
    notAllowed: 'このサイトは Finesse のサインインを使用できません',
    versionMismatch:
      'Finesse のサインイン補助がこのデスクトップのバージョンと一致しません。管理者に連絡してください。',
    failed: 'サインインが完了しませんでした。もう一度お試しください。',
    jsonViewer:
      'Firefox の JSON ビューアーがサインイン結果を隠すため、現在の設定のこのブラウザーではサインインを完了できません。管理者に Firefox のエンタープライズ ポリシー（policies.json: "Preferences": {"devtools.jsonview.enabled": {"Value": false, "Status": "locked"}}）で JSON ビューアーを無効にするよう依頼するか、サポートされている別のブラウザーを使用してください。',
  },
  ko: {
    signIn: '로그인',
    signInAgain: '다시 로그인',
    signingIn: '로그인하는 중…',
    username: '사용자 이름',
    notAllowed: '이 사이트는 Finesse 로그인을 사용할 수 없습니다',
    versionMismatch:
      'Finesse 로그인 도우미가 이 데스크톱 버전과 맞지 않습니다. 관리자에게 문의하세요.',
    failed: '로그인이 완료되지 않았습니다. 다시 시도하세요.',
    jsonViewer:
      'Firefox의 JSON 뷰어가 로그인 결과를 숨기기 때문에 현재 설정된 이 브라우저에서는 로그인을 완료할 수 없습니다. 관리자에게 Firefox 엔터프라이즈 정책(policies.json: "Preferences": {"devtools.jsonview.enabled": {"Value": false, "Status": "locked"}})으로 JSON 뷰어를 끄도록 요청하거나, 지원되는 다른 브라우저를 사용하세요.',
  },
};
