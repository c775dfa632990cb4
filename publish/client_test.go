package publish

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestCheckEndpoint(t *testing.T) {
	tests := []struct {
		url     string
		wantErr string
	}{
		{"https://s3.example.com", ""},
		{"https://10.0.0.5:9000", ""},
		{"http://127.0.0.1:7070", ""},
		{"http://127.8.9.10:7070", ""},
		{"http://[::1]:7070", ""},
		{"http://localhost:7070", ""},
		{"http://LOCALHOST", ""},
		{"http://10.0.0.5:9000", "only allowed to a loopback host"},
		{"http://128.0.0.1", "only allowed to a loopback host"},
		{"http://localhost.example.com", "only allowed to a loopback host"},
		{"http://[::2]:7070", "only allowed to a loopback host"},
		{"ftp://127.0.0.1", "scheme must be https"},
		{"127.0.0.1:7070", ""}, // parsed as scheme "127.0.0.1" → error below
		{"s3.example.com", "want a URL"},
		{"https://", "want a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			_, err := CheckEndpoint(tt.url)
			if tt.url == "127.0.0.1:7070" {
				if err == nil {
					t.Fatal("a bare host:port was accepted")
				}
				return
			}
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestNewClientRefusesPlainHTTP(t *testing.T) {
	_, err := NewClient(context.Background(), ClientOptions{Endpoint: "http://s3.example.com", Credentials: &Credentials{ID: "a", Secret: testSecret}})
	if err == nil || strings.Contains(err.Error(), testSecret) {
		t.Fatalf("err = %v", err)
	}
	c, err := NewClient(context.Background(), ClientOptions{Endpoint: "http://127.0.0.1:1", Credentials: &Credentials{ID: "a", Secret: testSecret}})
	if err != nil {
		t.Fatal(err)
	}
	if o := c.Options(); !o.UsePathStyle || o.Region != DefaultRegion {
		t.Errorf("path style %v, region %q", o.UsePathStyle, o.Region)
	}
}

// Every way the SDK can be pointed at an endpoint passes the same guard.
func TestNewClientGuardsEveryEndpointSource(t *testing.T) {
	creds := &Credentials{ID: "a", Secret: testSecret}
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "config")
	os.WriteFile(cfgFile, []byte("[default]\nendpoint_url = http://10.1.2.3:9000\n"), 0o600)
	svcFile := filepath.Join(dir, "svc")
	os.WriteFile(svcFile, []byte("[default]\nservices = s\n[services s]\ns3 =\n  endpoint_url = http://10.1.2.4:9000\n"), 0o600)
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"AWS_ENDPOINT_URL", map[string]string{"AWS_ENDPOINT_URL": "http://10.0.0.5:9000"}, "AWS_ENDPOINT_URL"},
		{"AWS_ENDPOINT_URL_S3", map[string]string{"AWS_ENDPOINT_URL_S3": "http://10.0.0.6:9000"}, "AWS_ENDPOINT_URL_S3"},
		{"profile endpoint_url", map[string]string{"AWS_CONFIG_FILE": cfgFile}, "shared config"},
		{"services section", map[string]string{"AWS_CONFIG_FILE": svcFile}, "shared config"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_CONFIG_FILE", "AWS_PROFILE"} {
				t.Setenv(k, "")
				os.Unsetenv(k)
			}
			t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "none"))
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			_, err := NewClient(context.Background(), ClientOptions{Credentials: creds})
			if err == nil || !strings.Contains(err.Error(), "only allowed to a loopback host") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want the loopback guard naming %s", err, tt.want)
			}
		})
	}
	t.Run("loopback from env is used, path style", func(t *testing.T) {
		t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
		c, err := NewClient(context.Background(), ClientOptions{Credentials: creds})
		if err != nil {
			t.Fatal(err)
		}
		if o := c.Options(); !o.UsePathStyle || aws.ToString(o.BaseEndpoint) != "http://127.0.0.1:1" {
			t.Errorf("endpoint %q path style %v", aws.ToString(o.BaseEndpoint), o.UsePathStyle)
		}
	})
}
