import { Text } from "@react-email/components";
import { describeReflection, serviceNames, type Reflection, type ServiceKind } from "@/lib/changes/reflection";
import {
  describeInterruption,
  deviceInstruction,
  passwordTimeline,
  switchModeNames,
  type SwitchMode,
} from "@/lib/changes/rotation";
import { formatJst } from "@/lib/jst";
import type { MailContent } from "../types";
import { MailLayout } from "./layout";

type Props = {
  name: string;
  number: string;
  serviceKind: ServiceKind;
  requestedAt: Date;
  reflection: Reflection;
  switchMode: SwitchMode;
  graceUntil: Date | null;
};

function ChangeAcceptedEmail({ name, number, serviceKind, ...rotation }: Props) {
  const { requestedAt, reflection, switchMode } = rotation;
  const timeline = passwordTimeline({ mode: switchMode, ...rotation });
  return (
    <MailLayout preview={`IP加入電話パスワードの変更を受け付けました（${number}）`}>
      <Text>{name} 様</Text>
      <Text>次の内容でIP加入電話パスワードの変更を受け付けました。</Text>
      <Text>
        IP加入電話番号：{number}（{serviceNames[serviceKind]}）
        <br />
        受付日時：{formatJst(requestedAt)}
        <br />
        切り替え方法：{switchModeNames[switchMode]}
        <br />
        パスワード反映時間：{describeReflection(reflection)}
        <br />
        発着信できない時間：{describeInterruption({ mode: switchMode, ...rotation })}
        <br />
        今のパスワード：{timeline.old}
        <br />
        新しいパスワード：{timeline.next}
      </Text>
      <Text>{deviceInstruction({ mode: switchMode, ...rotation })}</Text>
      <Text>
        この変更にお心当たりのない場合は、第三者に不正利用されている可能性があります。至急下記のサポート窓口までご連絡ください。
      </Text>
    </MailLayout>
  );
}

export function changeAcceptedMail(to: string, props: Props): MailContent {
  return {
    to,
    subject:
      props.switchMode === "emergency"
        ? "【IP加入電話】IP加入電話パスワード変更（緊急）の受付完了のお知らせ"
        : "【IP加入電話】IP加入電話パスワード変更の受付完了のお知らせ",
    body: <ChangeAcceptedEmail {...props} />,
  };
}
