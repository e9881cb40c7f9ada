import type { Messages } from './messages.ts';

/** Korean. */
export const ko: Messages = {
  signIn: '로그인',
  tryAgain: '다시 시도',
  usernameLabel: '상담원 사용자 이름',
  signingInHere: {
    heading: '열린 창에서 로그인을 완료하세요',
    body: '로그인 창이 이 창 뒤에 있을 수 있습니다. 로그인하면 모든 탭이 자동으로 다시 이어집니다.',
  },
  signingInElsewhere: {
    heading: '다른 탭이나 창에서 로그인하는 중입니다',
    body: '그곳에서 로그인을 완료하세요. 완료되면 이 탭도 자동으로 다시 이어집니다. 이 탭에서는 하실 일이 없습니다.',
  },
  signedInAs: (userId) => `${userId}(으)로 로그인됨`,
  renewsIn: (time) => `${time} 후 갱신`,
  renewingNow: '갱신하는 중…',
  validFor: (time) => `${time} 동안 유효`,
  idleWarning: (time) =>
    `한동안 활동이 없었습니다. ${time} 후 로그아웃됩니다. 계속 작업하려면 "로그인 유지"를 선택하세요.`,
  staySignedIn: '로그인 유지',
  signOut: '로그아웃',
  signedOutNote:
    '이 데스크톱에서 로그아웃했습니다. ID 공급자 세션은 종료되지 않았습니다. 공용 PC라면 브라우저도 닫으세요.',
  userChangedNote:
    '이 브라우저에서 다른 사용자가 로그인하여 여기에서 로그아웃되었습니다. 본인으로 계속하려면 다시 로그인하세요.',
  offline: (time) => ({
    heading: 'Finesse가 응답하지 않습니다. 하실 일은 없습니다',
    body: `이 데스크톱이 계속 다시 시도하며, Finesse가 응답하면 30초 안에 자동으로 다시 이어집니다. 로그인은 ${time} 동안 유효합니다.`,
  }),
  offlineNoExpiry: {
    heading: 'Finesse가 응답하지 않습니다. 하실 일은 없습니다',
    body: '이 데스크톱이 계속 다시 시도하며, Finesse가 응답하면 30초 안에 자동으로 다시 이어집니다.',
  },
  offlineExpired: {
    heading: 'Finesse가 응답하지 않습니다. 하실 일은 없습니다',
    body: 'Finesse가 응답하지 않아 아직 로그인을 갱신하지 못했습니다. 이 데스크톱이 계속 다시 시도하며 Finesse가 응답하면 바로 자동으로 다시 이어집니다. 지금 다시 로그인할 수도 있지만 꼭 하실 필요는 없습니다.',
  },
  outOfService: {
    heading: 'Finesse가 서비스 중단 상태입니다. 하실 일은 없습니다',
    body: '이 데스크톱이 계속 확인하며, Finesse(또는 다른 서버)가 복구되면 자동으로 다시 이어집니다.',
  },
  offlineSignIn: '지금 로그인하기',
  headings: {
    'allow-popups': '이 사이트의 팝업을 허용한 뒤 다시 시도하세요',
    'retry-sign-in': '로그인이 완료되지 않았습니다. 다시 시도하세요',
    'sign-in-again': '계속 작업하려면 다시 로그인하세요',
    'rotation-lost': '로그인이 끊겼습니다. 다시 로그인하세요',
    wait: 'Finesse가 응답하지 않습니다. 하실 일은 없습니다',
    'out-of-service': 'Finesse가 서비스 중단 상태입니다. 하실 일은 없습니다',
    'cannot-start': '이 페이지에서는 로그인을 시작할 수 없습니다',
    administrator: '로그인이 차단되었습니다. 관리자에게 알리세요',
    refused: 'Finesse가 요청을 거부했습니다',
  },
  bannerReasonFallback: '로그인을 자동으로 갱신하지 못했습니다.',
  countdownLabel: '남은 시간:',
  expired: '로그인이 만료되었습니다.',
  signInAgain: '다시 로그인',
  alertMe: '데스크톱 알림 받기',
  titlePrefix: '⚠ 다시 로그인 · ',
  notificationTitle: '다시 로그인하세요',
  notificationBody:
    '데스크톱 로그인이 2분 안에 만료됩니다. 데스크톱으로 돌아가 "다시 로그인"을 선택하세요.',
  announce: (threshold) =>
    threshold === 30_000
      ? '다시 로그인까지 30초 남았습니다.'
      : `다시 로그인까지 ${threshold / 60_000}분 남았습니다.`,
  storageDegraded:
    '이 탭은 로그인을 다른 탭과 공유할 수 없습니다(브라우저 저장소를 사용할 수 없음). 탭마다 따로 로그인해야 할 수 있습니다.',
  errors: {
    'popup-blocked':
      '브라우저가 로그인 창을 차단했습니다. 이 사이트의 팝업을 허용한 다음 "다시 시도"를 선택하세요.',
    'popup-closed':
      '로그인이 끝나기 전에 로그인 창이 닫혔습니다. "다시 시도"를 선택하고 새 창에서 로그인을 완료하세요.',
    'popup-timeout':
      '로그인 시간이 너무 오래 걸려 중단되었습니다. "다시 시도"를 선택하고 몇 분 안에 로그인을 완료하세요.',
    'popup-opener-lost':
      '브라우저 보안 설정 때문에 로그인 창과 이 페이지의 연결이 끊어졌습니다. "다시 시도"를 선택하세요. 계속 발생하면 관리자에게 알리세요.',
    'token-page-unreadable':
      '로그인은 끝났지만 이 페이지가 결과를 읽지 못했습니다(브라우저 확장 프로그램이 페이지를 변경했을 수 있음). "다시 시도"를 선택하세요. 계속 발생하면 관리자에게 알리세요.',
    'json-viewer':
      'Firefox의 JSON 뷰어가 로그인 결과를 이 데스크톱에서 숨기기 때문에 현재 설정된 이 브라우저에서는 로그인을 완료할 수 없습니다. 관리자에게 Firefox 엔터프라이즈 정책(policies.json: "Preferences": {"devtools.jsonview.enabled": {"Value": false, "Status": "locked"}})으로 JSON 뷰어를 끄도록 요청하거나, 지원되는 다른 브라우저로 로그인하세요.',
    'token-answer-invalid':
      '로그인 서버의 응답을 이 데스크톱이 이해하지 못했습니다. "다시 시도"를 선택하세요. 계속 발생하면 관리자에게 알리세요.',
    'refresh-rejected':
      'Finesse가 현재 로그인을 더 이상 허용하지 않습니다. 시간이 끝나기 전에 "다시 로그인"을 선택하세요.',
    'refresh-needs-interaction':
      'ID 공급자가 다시 로그인하도록 요청합니다. 시간이 끝나기 전에 "다시 로그인"을 선택하세요.',
    'rotation-lost':
      '로그인을 갱신하는 중에 연결이 끊어져 갱신을 복구할 수 없습니다. "다시 로그인"을 선택하세요. 한 번 로그인하면 모든 탭이 복구됩니다. 자주 발생하면 IT 담당자에게 네트워크 점검을 요청하세요.',
    'refresh-token-not-returned':
      'Finesse가 로그인을 갱신하면서 새 갱신 토큰을 돌려주지 않았고 이후 이전 토큰을 거부하여, 로그인을 더 이상 자동으로 갱신할 수 없습니다. 시간이 끝나기 전에 "다시 로그인"을 선택하세요. 갱신할 때마다 발생하면 관리자에게 알리세요.',
    network: 'Finesse에 연결할 수 없습니다. 네트워크 연결을 확인한 다음 다시 시도하세요.',
    timeout: 'Finesse가 제시간에 응답하지 않았습니다. 네트워크 연결을 확인한 다음 다시 시도하세요.',
    'server-error':
      'Finesse에서 서버 문제가 발생했습니다. 잠시 후 다시 시도하세요. 계속되면 슈퍼바이저에게 알리세요.',
    'signed-out': '로그아웃된 상태입니다. 계속하려면 "로그인"을 선택하세요.',
    'user-mismatch':
      '이 데스크톱이 예상한 상담원과 다른 계정으로 로그인했습니다. "다시 시도"를 선택하고 본인 계정으로 로그인하세요.',
    'foreign-origin':
      '로그인 정보가 Finesse가 아닌 서버로 전송될 뻔하여 요청을 중단했습니다. 관리자에게 알리세요.',
    'not-bearer':
      'Finesse 데스크톱이 SSO를 사용하지 않아 이 가젯이 로그인을 사용할 수 없습니다. 관리자에게 알리세요.',
    'relay-click-required':
      '로그인은 Finesse 로그인 프레임 안의 버튼에서 시작해야 합니다. 그곳에 표시된 "로그인" 버튼을 선택하세요.',
    'relay-unavailable':
      'Finesse 서버의 로그인 도우미 페이지가 응답하지 않았습니다. 페이지를 새로 고치세요. 계속 발생하면 관리자에게 알리세요.',
    'relay-not-allowed':
      'Finesse 서버가 이 사이트의 로그인 사용을 허용하지 않습니다. 이 사이트를 허용 목록에 추가하도록 관리자에게 요청하세요.',
    'relay-version-mismatch':
      'Finesse 서버의 로그인 도우미 버전이 이 데스크톱과 맞지 않습니다. 맞는 파일을 업로드하도록 관리자에게 요청하세요.',
    'storage-unavailable':
      '이 브라우저에서는 로그인 정보를 저장할 수 없습니다(시크릿 모드일 수 있음). 일반 브라우저 창을 사용한 다음 "다시 시도"를 선택하세요.',
    'insecure-context':
      '이 페이지는 HTTPS로 제공되지 않아 안전하게 로그인할 수 없습니다. https:// 주소로 데스크톱을 여세요.',
    'csp-blocked':
      '이 사이트의 보안 정책이 로그인을 차단했습니다. Content-Security-Policy에서 Finesse 서버를 허용하도록 관리자에게 요청하세요.',
    'certificate-untrusted':
      '브라우저가 Finesse 서버 인증서를 신뢰하지 않을 수 있습니다. 새 탭에서 Finesse 주소를 열고 관리자의 안내에 따라 인증서 문제를 해결한 다음 "다시 시도"를 선택하세요.',
    'api-error':
      'Finesse가 요청을 거부했습니다. "다시 시도"를 선택하세요. 계속 발생하면 슈퍼바이저에게 알리세요.',
    'authorization-failed':
      'ID 공급자가 로그인을 완료하지 않았습니다(거부 또는 취소). "다시 시도"를 선택하세요. 계속 발생하면 관리자에게 알리세요.',
    'state-mismatch':
      '이 로그인에 해당하지 않는 응답을 받아 무시했습니다. "다시 시도"를 선택하세요.',
    'discovery-failed':
      'ID 공급자의 구성을 읽을 수 없습니다. 네트워크 연결을 확인하고 "다시 시도"를 선택하세요. 계속 발생하면 관리자에게 알리세요.',
    'idle-timeout':
      '일정 시간 동안 활동이 없어(조직의 유휴 시간 제한) 로그아웃되었습니다. 계속하려면 "로그인"을 선택하세요.',
    'out-of-service':
      'Finesse가 현재 서비스 중단 상태입니다. 데스크톱이 계속 확인하며 Finesse(또는 다른 서버)가 복구되면 자동으로 다시 시작합니다.',
    'part-unavailable':
      '로그인에 필요한 파일을 서버에서 불러오지 못했습니다. 네트워크 연결을 확인하고 페이지를 새로 고치세요. 계속 발생하면 관리자에게 알리세요.',
  },
  connection: {
    certificateLead:
      '브라우저가 다음 주소의 Finesse에 연결할 수 없습니다. 브라우저가 서버 인증서를 신뢰하지 않기 때문일 가능성이 높습니다.',
    networkLead:
      '브라우저가 다음 주소의 Finesse에 연결할 수 없습니다(네트워크, 방화벽 또는 서버 중단).',
    openOnce:
      '이 주소를 한 번 열어 보세요. 브라우저에 인증서 경고가 표시되면 인증서를 수락하거나 IT 부서에 인증서 설치를 요청하세요.',
    cspBlocked: (origin, directive) =>
      `이 페이지의 보안 정책(Content-Security-Policy의 ${directive})이 ${origin} 연결을 차단하고 있습니다. 허용하도록 관리자에게 요청하세요.`,
    corsNotAllowed: (finesse, desktop, command) =>
      `${finesse}의 Finesse가 응답하지만 이 데스크톱(${desktop})의 사용을 허용하지 않습니다. 각 Finesse 서버에서 다음 명령을 실행하도록 관리자에게 요청하세요: ${command}`,
    clearsItself: '연결되면 이 메시지는 자동으로 사라집니다.',
  },
  oauthErrors: {
    'refresh-rejected':
      'ID 공급자가 더 이상 로그인을 받아들이지 않습니다. 시간이 다 되기 전에 "다시 로그인"을 선택하세요.',
    'refresh-token-not-returned':
      'ID 공급자가 로그인을 갱신하면서 새 갱신 토큰을 돌려주지 않았고 이후 이전 토큰을 거부했습니다. 시간이 끝나기 전에 "다시 로그인"을 선택하세요. 갱신할 때마다 발생하면 관리자에게 알리세요.',
    network: '로그인 서버에 연결할 수 없습니다. 네트워크 연결을 확인한 다음 다시 시도하세요.',
    timeout: '로그인 서버가 제때 응답하지 않았습니다. 네트워크 연결을 확인한 다음 다시 시도하세요.',
    'server-error':
      '로그인 서버에 문제가 발생했습니다. 잠시 후 다시 시도하세요. 계속되면 슈퍼바이저에게 알리세요.',
    'foreign-origin':
      '로그인 정보가 대상이 아닌 서버로 전송되려 해서 중지했습니다. 관리자에게 알리세요.',
    'api-error':
      '서버가 요청을 거부했습니다. "다시 시도"를 선택하세요. 계속 발생하면 슈퍼바이저에게 알리세요.',
  },
  agent: {
    notSignedIn: 'Finesse에 로그인하지 않았습니다.',
    health: {
      signedOut: '로그아웃되었습니다. 이 기능을 사용하려면 로그인하세요.',
      signingIn: '로그인하는 중입니다. 완료되면 이 기능을 다시 사용할 수 있습니다.',
      offline:
        'Finesse가 응답하지 않습니다. 기능이 일시 중지되었고 표시된 시간은 최신이 아닐 수 있습니다. 하실 일은 없으며, 이 데스크톱이 계속 다시 시도합니다.',
      expired: '로그인이 만료되었습니다. 이 기능을 사용하려면 다시 로그인하세요.',
      signInSoon: (time) => `${time} 안에 다시 로그인하세요. 그렇지 않으면 이 기능이 멈춥니다.`,
    },
    staleTime: '최신이 아닐 수 있음',
    states: {
      LOGOUT: '로그아웃',
      NOT_READY: '대기 안 함',
      READY: '대기',
      RESERVED: '예약됨',
      RESERVED_OUTBOUND: '예약됨(발신)',
      RESERVED_OUTBOUND_PREVIEW: '예약됨(미리 보기)',
      TALKING: '통화 중',
      HOLD: '보류 중',
      WORK: '후처리',
      WORK_READY: '후처리 후 대기',
      UNKNOWN: '알 수 없음',
    },
    extension: (extension) => `내선 ${extension}`,
    timeInStateLabel: '현재 상태 경과 시간',
    pending: (state) => `다음 상태: ${state}(통화 종료 후)`,
    inCallNote: '통화 중에는 "대기 안 함"과 "로그아웃"이 통화가 끝난 뒤 적용됩니다.',
    actionsLabel: '상태 변경',
    ready: '대기',
    notReady: '대기 안 함',
    logout: '로그아웃',
    login: '로그인',
    notReadyReasonLabel: '대기 안 함 사유',
    logoutReasonLabel: '로그아웃 사유',
    chooseReason: '사유 선택…',
    noReason: '사유 없음',
    extensionLabel: '전화 내선 번호',
    extensionMissing: '전화 내선 번호를 입력하세요.',
    extensionInvalid: '내선 번호는 숫자만 사용할 수 있습니다.',
    sending: '보내는 중…',
    pollingWarning:
      '실시간 업데이트를 사용할 수 없어 이 데스크톱이 몇 초마다 Finesse를 확인합니다. Finesse가 전화에서 로그아웃시킬 수 있습니다.',
    errorLead: 'Finesse가 요청을 거부했습니다:',
    dismiss: '닫기',
    dismissLabel: '이 오류 닫기',
  },
  dialog: {
    callsLabel: '통화',
    noCalls: '통화가 없습니다.',
    ringing: '전화가 왔습니다',
    more: '추가 작업',
    callDuringCall: '통화 중에 다른 사람에게 전화하려면 "추가 작업"에서 "협의"를 사용하세요.',
    callWith: (party) => `${party}와(과)의 통화`,
    direction: { incoming: '수신', outgoing: '발신', consult: '협의' },
    states: {
      ALERTING: '벨 울림',
      INITIATING: '거는 중',
      INITIATED: '거는 중',
      ACTIVE: '연결됨',
      HELD: '보류 중',
      DROPPED: '종료됨',
      FAILED: '실패',
      WRAP_UP: '후처리',
      ACCEPTED: '수락됨',
    },
    durationLabel: '통화 시간',
    variablesLabel: '통화 변수',
    actionsLabel: (party) => `${party}와(과)의 통화 작업`,
    answer: '응답',
    hold: '보류',
    retrieve: '보류 해제',
    drop: '통화 종료',
    consult: '협의',
    transfer: '호 전환',
    completeTransfer: '호 전환 완료',
    conference: '회의',
    keypad: '키패드',
    keypadLabel: (party) => `${party}와(과)의 통화 키패드`,
    targetLabel: '협의 또는 호 전환할 번호',
    dialLabel: '걸 번호',
    call: '전화 걸기',
    problems: {
      'empty-number': '먼저 번호를 입력하세요.',
      'self-call': '본인의 내선 번호입니다. 다른 번호를 입력하세요.',
      'invalid-number': (typed) =>
        `"${typed}"은(는) 전화번호가 아닙니다. 숫자와 * # +만 사용하세요.`,
    },
  },
};
