import { Alert, App, Button, Divider, Form, Input, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useMessages } from '../i18n/i18n-context.js';
import { adminMessages } from './admin-messages.js';
import { useUserMutations, type AdminUser } from './admin-api.js';
import { passwordProblem } from './people-form.js';
import { showServerError } from './server-error.js';

/** An admin's actions on someone's credentials: a new web password, a new SIP password, disable. */
export function UserSecrets({
  user,
  onSipPassword,
}: {
  user: AdminUser;
  onSipPassword(shown: { extension: string; password: string }): void;
}) {
  const t = useMessages(adminMessages);
  const { message } = App.useApp();
  const mutations = useUserMutations();
  const [form] = Form.useForm<{ password: string }>();
  const [alert, setAlert] = useState<string | null>(null);

  const setPassword = async ({ password }: { password: string }) => {
    setAlert(null);
    try {
      await mutations.setPassword.mutateAsync({ id: user.id, password });
      form.resetFields();
      void message.success(t('passwordSet', { name: user.displayName }));
    } catch (err) {
      const rest = showServerError(form, err, ['password']);
      if (rest) setAlert(t('errServer', { message: rest }));
    }
  };
  const newSip = async () => {
    try {
      const { sipPassword } = await mutations.newSipPassword.mutateAsync(user.id);
      if (user.agent) onSipPassword({ extension: user.agent.extension, password: sipPassword });
    } catch (err) {
      setAlert(t('errServer', { message: (err as Error).message }));
    }
  };
  const toggle = () =>
    mutations.setActive.mutateAsync({ id: user.id, active: !user.active }).catch((err: Error) => {
      setAlert(t('errServer', { message: err.message }));
    });

  return (
    <>
      <Divider />
      {alert && <Alert type="error" showIcon role="alert" message={alert} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        name={`password-${user.id}`}
        layout="vertical"
        onFinish={setPassword}
        requiredMark={false}
      >
        <Form.Item
          name="password"
          label={t('newPassword')}
          rules={[
            {
              validator: (_, v: string | undefined) => {
                const problem = passwordProblem(v);
                return problem ? Promise.reject(new Error(t(problem))) : Promise.resolve();
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button htmlType="submit" loading={mutations.setPassword.isPending}>
          {t('setPassword')}
        </Button>
      </Form>
      <Divider />
      <Space wrap>
        {user.agent && (
          <Popconfirm
            title={t('newSipPasswordConfirm')}
            okText={t('newSipPassword')}
            cancelText={t('cancel')}
            onConfirm={newSip}
          >
            <Button>{t('newSipPassword')}</Button>
          </Popconfirm>
        )}
        {user.active ? (
          <Popconfirm
            title={t('disableConfirm', { name: user.displayName })}
            okText={t('disable')}
            cancelText={t('cancel')}
            onConfirm={toggle}
          >
            <Button danger>{t('disable')}</Button>
          </Popconfirm>
        ) : (
          <Button onClick={() => void toggle()}>{t('enable')}</Button>
        )}
      </Space>
    </>
  );
}
