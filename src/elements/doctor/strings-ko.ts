import type { DoctorStrings } from './doctor-strings.ts';

/** 한국어. */
export const doctorKo: DoctorStrings = {
  title: 'Finesse SSO 진단',
  intro:
    '상담원이 로그아웃되는(또는 될 수 있는) 이유를 확인합니다: Finesse가 발급하는 토큰, 시계, 인증서, CORS, 이 브라우저, 여기서 열린 데스크톱 탭과 그 갱신 기록. 토큰은 표시하거나 저장하지 않습니다.',
  verdict: { pass: '통과', warn: '경고', fail: '실패' },
  running: '진단을 실행하는 중…',
  summary: (c) => `완료: 통과 ${c.pass}건, 경고 ${c.warn}건, 실패 ${c.fail}건.`,
  runAgain: '다시 진단',
  testPopup: '로그인 팝업 시험',
  measure: '로그인하여 토큰 유효 기간 측정',
  save: '지원용 파일 저장',
  saved: (name) => `${name} 파일을 저장했습니다. 지원 요청에 첨부하세요.`,
  settings: '설정',
  desktopOrigin: '데스크톱 오리진',
  desktopHint:
    '상담원 데스크톱이 이 Finesse 오리진이 아닌 곳에서 실행되는 경우(예: https://desktop.example.com)',
  username: '상담원 (cc_username)',
  apply: '적용하고 진단',
  whatItMeans: '의미',
  whatToDo: '조치',
  details: '세부 정보',
  tabsCaption: '이 브라우저에서 열린 데스크톱 탭',
  tabHeaders: {
    tab: '탭',
    user: '상담원',
    state: '상태',
    refresh: '갱신 중',
    notifications: '알림 연결',
  },
  historyCaption: '최근 갱신 및 로그인(최신순)',
  historyHeaders: {
    at: '시각',
    tab: '탭',
    kind: '종류',
    outcome: '결과',
    code: '오류 코드',
    generation: '세대',
  },
  kinds: { 'sign-in': '로그인', refresh: '갱신' },
  outcomes: { ok: '성공', failed: '실패' },
  yes: '예',
  no: '아니요',
  checks: {
    'sso-mode': 'SSO 모드',
    'token-lifetimes': '토큰 유효 기간과 다음 갱신',
    'clock-skew': '이 컴퓨터와 Finesse의 시계',
    certificate: (role, origin) => `인증서: ${role} (${origin})`,
    cors: '데스크톱의 CORS',
    'relay-allow-list': '릴레이 허용 목록',
    indexeddb: 'IndexedDB(공유 로그인)',
    'web-locks': 'Web Locks(갱신은 한 탭만)',
    'broadcast-channel': 'BroadcastChannel(탭 간 알림)',
    popups: '로그인 팝업',
    'storage-partitioning': '저장소 분리',
    'tab-roster': '탭 목록',
    'refresh-history': '갱신 기록',
  },
  roles: { finesse: 'Finesse', notifications: '알림 서비스', ids: 'Cisco IdS' },
  findings: {
    'sso-mode/sso': (x) => ({
      meaning: `Finesse는 SSO로 로그인합니다(${x.user ? `상담원 ${x.user}` : '시스템 설정'}).`,
      action: '',
    }),
    'sso-mode/hybrid': () => ({
      meaning:
        'Finesse가 하이브리드 모드입니다: 일부 상담원은 SSO, 다른 상담원은 비밀번호를 씁니다.',
      action: '설정에 상담원을 입력하면 그 상담원의 모드를 알 수 있습니다.',
    }),
    'sso-mode/not-sso': (x, f) => ({
      meaning: `Finesse의 응답은 ${f.text(x.userAuthMode ?? x.systemAuthMode)}입니다: 이 상담원은 SSO를 쓰지 않으므로 유지할 토큰이 없습니다.`,
      action: 'Unified CCE/CCX 관리에서 상담원을 확인하거나, 비밀번호로 데스크톱을 사용하세요.',
    }),
    'sso-mode/unknown': () => ({
      meaning:
        'Finesse가 로그인 방식을 알려 주지 않았습니다(SystemInfo에 토큰이 필요하고 상담원도 알 수 없습니다).',
      action: '설정에 상담원을 입력하거나, 데스크톱 탭에서 한 번 로그인하세요.',
    }),
    'token-lifetimes/no-sign-in': () => ({
      meaning: '이 브라우저에 로그인한 상담원이 없어 발급되는 유효 기간을 알 수 없습니다.',
      action: '아래 버튼으로 로그인하거나(토큰은 바로 버립니다) 데스크톱 탭에서 로그인하세요.',
    }),
    'token-lifetimes/needs-sign-in': (x, f) => ({
      meaning: `마지막 갱신이 거부되었습니다(${f.text(x.code)}): 모든 탭이 ${f.time(x.expiresAt)} 전에 다시 로그인하라고 요청합니다.`,
      action:
        '언제 시작되었는지 아래 갱신 기록을 보세요. 거부는 대개 두 번째 갱신 주체(다른 브라우저 프로필, 기본 Finesse 데스크톱)가 같은 로그인을 사용했기 때문입니다.',
    }),
    'token-lifetimes/refresh-failing': (x, f) => ({
      meaning: `액세스 토큰의 유효 기간은 ${f.text(x.accessLifetimeS)}초입니다. 마지막 갱신이 전송 중에 실패했습니다(${f.text(x.code)}). 세션은 토큰을 유지하며 계속 재시도합니다.`,
      action: '이 PC에서 Finesse에 연결되는지 확인하세요(네트워크, VPN, 노드 서비스 상태).',
    }),
    'token-lifetimes/short': (x, f) => ({
      meaning: `액세스 토큰의 유효 기간이 ${f.text(x.accessLifetimeS)}초뿐입니다. ${f.text(x.ratio)}% 시점의 갱신은 느린 응답에 쓸 시간이 거의 없습니다.`,
      action: 'Cisco IdS에서 액세스 토큰 유효 기간을 늘리는 것을 검토하세요(기본값 3600초).',
    }),
    'token-lifetimes/ok': (x, f) => ({
      meaning: `액세스 토큰의 유효 기간은 ${f.text(x.accessLifetimeS)}초입니다(${x.source === 'sign-in' ? '방금 한 로그인' : '저장된 로그인'} 기준). 다음 갱신은 ${f.time(x.refreshAt)}(유효 기간의 ${f.text(x.ratio)}%)${x.refreshExpiresAt ? `, 로그인 자체는 ${f.time(x.refreshExpiresAt)}경까지 유효` : ''}입니다.`,
      action: '',
    }),
    'clock-skew/unknown': () => ({
      meaning: 'Finesse의 시계를 읽을 수 없었습니다(Date 헤더가 이 페이지에 오지 않습니다).',
      action: 'Date 헤더를 읽을 수 있는 Finesse 오리진에서 이 페이지를 여세요.',
    }),
    'clock-skew/large': (x, f) => ({
      meaning: `이 컴퓨터의 시계가 Finesse와 ${f.ms(x.skewMs ?? x.gadgetDriftMs)}초 차이 납니다. 이 정도면 IdP가 로그인을 거부합니다(SAML 허용 범위는 약 5분).`,
      action: '이 PC에서 자동 시간 설정(NTP)을 켜고, Finesse와 IdS 서버의 시간도 확인하세요.',
    }),
    'clock-skew/noticeable': (x, f) => ({
      meaning: `이 컴퓨터의 시계가 Finesse와 ${f.ms(x.skewMs ?? x.gadgetDriftMs)}초 차이 납니다. 세션은 토큰을 받은 시점부터 유효 기간을 세므로 갱신에는 영향이 없지만, 데스크톱에 표시되는 시간이 어긋납니다.`,
      action: '이 PC에서 자동 시간 설정(NTP)을 켜세요.',
    }),
    'clock-skew/small': (x, f) => ({
      meaning: `시계가 일치합니다(차이 ${f.ms(x.skewMs ?? x.gadgetDriftMs)}초, 오차 ± ${f.ms(x.uncertaintyMs)}초).`,
      action: '',
    }),
    'certificate/answers': (x) => ({
      meaning: x.https
        ? '브라우저가 연결됩니다: 인증서를 신뢰합니다.'
        : '브라우저가 연결됩니다(http이므로 인증서와 무관합니다).',
      action: '',
    }),
    'certificate/untrusted': (x) => ({
      meaning: `이 서버의 다른 포트는 응답하지만 ${x.origin}은(는) 응답하지 않습니다: 이 브라우저가 그 인증서를 신뢰하지 않을 가능성이 큽니다. 브라우저는 이유를 페이지에 알려 주지 않으므로 데스크톱에는 연결 끊김으로만 보입니다.`,
      action: `이 브라우저에서 ${x.origin}/ 을(를) 한 번 열어 경고를 확인하세요. 근본 해결책은 서버 이름이 SAN에 들어간 CA 서명 인증서를 모든 노드에 설치하는 것입니다.`,
    }),
    'certificate/unreachable': (x) => ({
      meaning: `${x.origin}에서 응답이 없습니다: 서버 중단, 방화벽이나 VPN, 또는 인증서 거부일 수 있습니다.`,
      action:
        x.role === 'notifications'
          ? `이 브라우저에서 ${x.origin}/ 을(를) 한 번 여세요. Finesse 12.6 이상에서는 알림도 Finesse 포트를 씁니다: notification-url을 지정하면 이 행은 사라집니다.`
          : `이 브라우저에서 ${x.origin}/ 을(를) 한 번 열어 인증서 문제인지 네트워크 문제인지 확인하세요.`,
    }),
    'cors/same-origin': () => ({
      meaning: '데스크톱이 Finesse 오리진에서 실행됩니다(팝업 모드): CORS가 필요 없습니다.',
      action: '',
    }),
    'cors/run-on-desktop': (x) => ({
      meaning: `브라우저는 자기 페이지의 오리진만 보내므로, 이 페이지에서는 Finesse가 ${x.desktopOrigin}을(를) 허용하는지 알 수 없습니다.`,
      action: `${x.desktopOrigin}에서 진단을 열거나(데스크톱에 <finesse-sso-doctor> 추가), 각 Finesse 노드에서 다음을 실행했는지 확인하세요: ${x.command}`,
    }),
    'cors/unreachable': (x) => ({
      meaning: `Finesse(${x.finesse})가 이 페이지에서 전혀 응답하지 않습니다.`,
      action: '위의 인증서 진단을 보세요.',
    }),
    'cors/allowed': (x) => ({
      meaning: `Finesse가 ${x.pageOrigin}에 REST API 사용을 허용합니다.`,
      action: '',
    }),
    'cors/not-allowed': (x) => ({
      meaning: `Finesse는 응답하지만 ${x.pageOrigin}을(를) 허용하지 않습니다: 데스크톱의 모든 REST 호출이 실패합니다.`,
      action: `각 Finesse 노드에서 실행하세요: ${x.command}(와일드카드 불가). 그 후 Cisco Finesse Tomcat을 재시작하세요.`,
    }),
    'relay-allow-list/missing': (x) => ({
      meaning: `릴레이의 allowed-origins.json을 찾을 수 없습니다(${x.url}). 릴레이 모드에서만 필요합니다.`,
      action: '데스크톱이 다른 사이트에서 실행되면 relay 폴더를 이 폴더 옆에 업로드하세요.',
    }),
    'relay-allow-list/malformed': () => ({
      meaning:
        'allowed-origins.json이 "origins" 목록을 가진 올바른 JSON이 아닙니다: 릴레이는 아무도 허용하지 않습니다.',
      action: '{ "origins": ["https://desktop.example.com"] } 형식으로 쓰세요.',
    }),
    'relay-allow-list/not-listed': (x, f) => ({
      meaning: `릴레이가 ${x.desktopOrigin}을(를) 허용하지 않습니다. 허용된 것: ${f.text(x.origins)}.`,
      action: `allowed-origins.json에 "${x.desktopOrigin}"을(를) 추가하세요(스킴, 호스트, 포트까지 정확히).`,
    }),
    'relay-allow-list/ignored-entries': (x, f) => ({
      meaning: `릴레이가 다음 항목을 무시합니다: ${f.text(x.ignored)}(와일드카드, "null", 경로는 허용되지 않습니다).`,
      action: '정확한 오리진만 쓰세요(예: https://desktop.example.com:8443).',
    }),
    'relay-allow-list/empty': () => ({
      meaning: '릴레이가 아직 어떤 데스크톱도 허용하지 않습니다(출하 상태).',
      action: '데스크톱이 다른 사이트에서 실행되면 그 오리진을 allowed-origins.json에 쓰세요.',
    }),
    'relay-allow-list/listed': (x) => ({
      meaning: `릴레이가 ${x.desktopOrigin}을(를) 허용합니다.`,
      action: '',
    }),
    'relay-allow-list/read': (x, f) => ({
      meaning: `릴레이가 허용하는 것: ${f.text(x.origins)}.`,
      action: '',
    }),
    'indexeddb/missing': () => ({
      meaning:
        '이 브라우저에는 IndexedDB가 없습니다: 탭마다 로그인을 따로 가져 서로 충돌할 수 있습니다.',
      action: '사생활 보호 창이 아닌 지원되는 브라우저를 사용하세요.',
    }),
    'indexeddb/unusable': () => ({
      meaning:
        '여기서는 IndexedDB가 동작하지 않습니다(사생활 보호 창 또는 정책으로 저장소 차단): 탭끼리 로그인을 공유할 수 없습니다.',
      action: '사생활 보호 모드를 끄거나, 브라우저 정책에서 데스크톱의 사이트 데이터를 허용하세요.',
    }),
    'indexeddb/persisted': () => ({
      meaning:
        '탭끼리 로그인을 공유할 수 있고, 브라우저가 공간이 부족해도 이 사이트의 데이터를 유지합니다.',
      action: '',
    }),
    'indexeddb/not-persisted': () => ({
      meaning:
        '탭끼리 로그인을 공유할 수 있습니다. 저장소가 영구로 지정되지 않아 디스크가 부족하면 지워질 수 있고, 그러면 상담원이 다시 로그인합니다.',
      action: '',
    }),
    'web-locks/insecure-context': () => ({
      meaning: '이 페이지는 보안 컨텍스트가 아닙니다(http): Web Locks와 세션이 동작하지 않습니다.',
      action: '데스크톱을 https로 제공하세요.',
    }),
    'web-locks/ok': () => ({ meaning: '한 번에 한 탭만 로그인을 갱신할 수 있습니다.', action: '' }),
    'web-locks/missing': () => ({
      meaning:
        '이 브라우저에는 Web Locks가 없습니다: 여러 탭이 동시에 갱신하다 거부될 수 있습니다.',
      action: '브라우저를 업데이트하세요(Chrome/Edge 69+, Firefox 96+, Safari 15.4+).',
    }),
    'broadcast-channel/ok': () => ({ meaning: '탭끼리 바로 알릴 수 있습니다.', action: '' }),
    'broadcast-channel/missing': () => ({
      meaning: '이 브라우저에는 BroadcastChannel이 없습니다: 탭이 변경을 늦게 알게 됩니다.',
      action: '브라우저를 업데이트하세요.',
    }),
    'popups/allowed': () => ({ meaning: '클릭하면 로그인 창이 열립니다.', action: '' }),
    'popups/blocked': () => ({
      meaning: '이 브라우저는 클릭에서도 로그인 창을 차단합니다.',
      action: '브라우저(또는 정책 PopupsAllowedForUrls)에서 Finesse 사이트의 팝업을 허용하세요.',
    }),
    'popups/untested': () => ({
      meaning: '팝업은 클릭에서만 시험할 수 있습니다.',
      action: '"로그인 팝업 시험"을 누르세요.',
    }),
    'storage-partitioning/framed': (x) => ({
      meaning: `이 페이지는 다른 사이트 ${x.framedBy} 안에서 실행됩니다: 여기의 저장소는 분리되고 쿠키는 서드파티로 취급됩니다.`,
      action: '진단은 Finesse 오리진의 별도 탭에서 여세요.',
    }),
    'storage-partitioning/cross-site': (x) => ({
      meaning: `데스크톱(${x.desktopSite})이 Finesse(${x.finesseSite})와 다른 사이트에 있습니다: 브라우저는 그 안에서 Finesse가 저장하는 것을 분리하고 쿠키를 차단할 수 있습니다. 릴레이 모드만 동작합니다(토큰은 메모리에, 공유 로그인은 데스크톱 오리진에 저장).`,
      action:
        '릴레이 모드(relay-url)를 쓰고 데스크톱을 릴레이 허용 목록에 넣거나, 데스크톱을 Finesse 오리진에서 제공하세요.',
    }),
    'storage-partitioning/same-site': () => ({
      meaning: '데스크톱과 Finesse가 같은 사이트입니다: 분리되는 것이 없습니다.',
      action: '',
    }),
    'tab-roster/no-channel': () => ({
      meaning: '이 브라우저에서는 데스크톱 탭에 물어볼 수 없습니다(BroadcastChannel 없음).',
      action: '',
    }),
    'tab-roster/no-tabs': () => ({
      meaning:
        '이 오리진의 데스크톱 탭이 응답하지 않았습니다(이 브라우저 프로필에 열려 있지 않음).',
      action: '이 브라우저에서 데스크톱을 연 다음 다시 진단하세요.',
    }),
    'tab-roster/two-connections': () => ({
      meaning:
        '한 상담원에 대해 두 탭이 알림 연결을 가지고 있습니다: Finesse가 상담원의 연결을 끊을 수 있습니다.',
      action: '여분의 탭을 닫고 지원용 파일과 함께 보고하세요.',
    }),
    'tab-roster/needs-sign-in': (x) => ({
      meaning: `탭 ${x.tabs}개가 응답했고, 그중 적어도 하나가 다시 로그인하라고 요청합니다.`,
      action: '갱신 기록에서 거부를 확인하세요.',
    }),
    'tab-roster/ok': (x, f) => ({
      meaning: `탭 ${x.tabs}개가 응답했습니다. 알림 연결을 가진 탭은 ${f.text(x.notificationHolders)}개입니다.`,
      action: '',
    }),
    'refresh-history/unreadable': () => ({
      meaning: '이 브라우저의 저장소에서 갱신 기록을 읽을 수 없었습니다.',
      action: '',
    }),
    'refresh-history/empty': () => ({
      meaning: '이 브라우저에는 아직 갱신이나 로그인이 기록되지 않았습니다.',
      action: '이 오리진에서 데스크톱을 열고 갱신이 한 번 일어날 때까지 두세요.',
    }),
    'refresh-history/refused': (x) => ({
      meaning: `Finesse가 갱신을 ${x.refusals}번 거부했습니다(마지막: ${x.lastRefusal}): 상담원이 다시 로그인해야 했습니다. 이것이 "refresh token id mismatch" 로그아웃으로, 두 갱신 주체가 한 토큰 쌍을 썼기 때문입니다.`,
      action:
        '이 상담원으로 로그인한 다른 데스크톱(다른 브라우저 프로필, 기본 Finesse 데스크톱, 오래된 탭)을 찾으세요. 지원용 파일을 첨부하세요.',
    }),
    'refresh-history/transport': (x) => ({
      meaning: `갱신 ${x.failures}번이 전송 중에 실패했습니다(네트워크, 시간 초과, 5xx). 세션은 토큰을 유지하고 재시도했습니다.`,
      action: '반복되면 Finesse까지의 네트워크 경로를 확인하세요.',
    }),
    'refresh-history/ok': (x) => ({
      meaning: `갱신 ${x.refreshes}번과 로그인 ${x.signIns}번, 모두 수락되었습니다.`,
      action: '',
    }),
  },
};
